CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL, status text, note text, amount numeric(12,2) NOT NULL);
INSERT INTO orders SELECT g, g % 100, 'new', CASE WHEN g % 7 = 0 THEN NULL ELSE repeat('n', 90) END, 1 + g % 100 FROM generate_series(1, 110000) g;
ANALYZE orders;
