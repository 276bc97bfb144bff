-- the application fixes its rows; then what a pgswap killed in the middle of the build leaves:
-- the index it was building, INVALID and not ready (IndexOperationsIT kills a real one)
UPDATE orders SET ref = -id WHERE id IN (8, 9, 12, 13, 14);
CREATE UNIQUE INDEX orders_ref_idx ON orders (ref);
UPDATE pg_index SET indisvalid = false, indisready = false WHERE indexrelid = 'orders_ref_idx'::regclass;
UPDATE pgswap.migrations SET pending = '{"INVALID index public.orders_ref_idx while it is built, or if the build was interrupted"}';
CREATE TABLE leftover_oid AS SELECT 'orders_ref_idx'::regclass::oid AS oid;
