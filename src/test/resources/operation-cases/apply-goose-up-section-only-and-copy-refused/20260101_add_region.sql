-- +goose Up
-- +goose StatementBegin
ALTER TABLE accounts ADD COLUMN region text;
-- +goose StatementEnd
CREATE INDEX CONCURRENTLY accounts_region_idx ON accounts (region);

-- +goose Down
DROP INDEX accounts_region_idx;
ALTER TABLE accounts DROP COLUMN region;
