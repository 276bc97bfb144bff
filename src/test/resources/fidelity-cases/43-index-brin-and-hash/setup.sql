CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, created_at timestamptz NOT NULL,
                     note text);
INSERT INTO orders (customer_id, created_at, note)
SELECT g % 50, timestamptz '2026-01-01' + g * interval '1 minute', 'n' || g FROM generate_series(1, 300) g;
CREATE INDEX orders_created_brin ON orders USING brin (created_at) WITH (pages_per_range = 16, autosummarize = on);
CREATE INDEX orders_note_hash ON orders USING hash (note);
