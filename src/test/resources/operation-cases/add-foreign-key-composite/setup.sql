CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 100) g;
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text, amount numeric(12,2) NOT NULL);
INSERT INTO orders SELECT g, 1 + g % 100, CASE WHEN g % 100 = 0 THEN NULL ELSE 'new' END, 1 + g % 100
FROM generate_series(1, 3000) g;
ANALYZE orders;

ALTER TABLE orders ADD COLUMN shop_id int NOT NULL DEFAULT 1;
ALTER TABLE orders ADD CONSTRAINT orders_id_shop UNIQUE (id, shop_id);
CREATE TABLE order_lines (id bigint PRIMARY KEY, order_id bigint, shop_id int);
CREATE INDEX order_lines_order_idx ON order_lines (order_id, shop_id);
INSERT INTO order_lines SELECT g, g, 1 FROM generate_series(1, 499) g;
-- a row with a NULL in the key references nothing and is valid (MATCH SIMPLE)
INSERT INTO order_lines VALUES (500, NULL, 1);
