CREATE TABLE orders (id int PRIMARY KEY, status text);
INSERT INTO orders SELECT g, 's' || (g % 5) FROM generate_series(1, 20000) g;
CREATE INDEX orders_status_idx ON orders (status);
