CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL, status text, amount numeric(12,2) NOT NULL);
INSERT INTO orders SELECT g, g % 10, 'new', 1 + g % 100 FROM generate_series(1, 2000) g;
