CREATE TABLE orders (id bigserial PRIMARY KEY, ref text NOT NULL, customer_id bigint NOT NULL, status text);
INSERT INTO orders (ref, customer_id, status) SELECT 'R' || g, g % 50, 'new' FROM generate_series(1, 300) g;

CREATE UNIQUE INDEX orders_ref_key ON orders (ref);
ALTER TABLE orders REPLICA IDENTITY FULL;
