CREATE TABLE orders (id bigint PRIMARY KEY, ref int);
INSERT INTO orders SELECT g, g FROM generate_series(1, 3000) g;
CREATE UNIQUE INDEX orders_ref_key ON orders (ref);
-- as a failed CREATE UNIQUE INDEX CONCURRENTLY leaves it: INVALID, not maintained, and duplicates came in
UPDATE pg_index SET indisvalid = false, indisready = false WHERE indexrelid = 'orders_ref_key'::regclass;
INSERT INTO orders VALUES (3001, 7), (3002, 7);
