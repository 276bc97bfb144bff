CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 100) g;
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text, amount numeric(12,2) NOT NULL);
INSERT INTO orders SELECT g, 1 + g % 100, CASE WHEN g % 100 = 0 THEN NULL ELSE 'new' END, 1 + g % 100
FROM generate_series(1, 3000) g;
ANALYZE orders;
CREATE INDEX orders_customer_created ON orders (customer_id, id);
