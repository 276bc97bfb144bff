CREATE SCHEMA sales;
CREATE TABLE public.orders (id int PRIMARY KEY, note text);
CREATE TABLE sales.orders (id int PRIMARY KEY, note text);
INSERT INTO sales.orders SELECT g, 'sales' FROM generate_series(1, 100) g;
