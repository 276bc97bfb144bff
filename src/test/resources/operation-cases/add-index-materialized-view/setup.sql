CREATE TABLE sales (id bigint PRIMARY KEY, customer int NOT NULL, amount numeric(10,2) NOT NULL);
INSERT INTO sales SELECT g, g % 50, g % 997 FROM generate_series(1, 5000) g;
CREATE MATERIALIZED VIEW customer_totals AS SELECT customer, count(*) AS n, sum(amount) AS total FROM sales GROUP BY customer;
