CREATE SCHEMA sales;
CREATE TABLE sales.orders (id bigint PRIMARY KEY, status text);
