CREATE SCHEMA sales;
CREATE TABLE public.orders (id bigint PRIMARY KEY, note text);
CREATE TABLE sales.orders (id bigint PRIMARY KEY, customer_id int NOT NULL, note text, pad text);
INSERT INTO sales.orders SELECT g, g % 100, 'n' || g, repeat('p', 90) FROM generate_series(1, 110000) g;
ANALYZE sales.orders;
