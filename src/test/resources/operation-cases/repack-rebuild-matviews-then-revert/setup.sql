CREATE TABLE sales (id bigint PRIMARY KEY, customer int NOT NULL, amount numeric(10,2) NOT NULL);
INSERT INTO sales SELECT g, g % 20, g % 97 FROM generate_series(1, 3000) g;
CREATE MATERIALIZED VIEW totals AS SELECT customer, sum(amount) AS total FROM sales GROUP BY customer;
