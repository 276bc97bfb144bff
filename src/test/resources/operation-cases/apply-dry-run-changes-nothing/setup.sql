CREATE TABLE orders (id bigint PRIMARY KEY, status text, pad text);
INSERT INTO orders SELECT g, 'new', repeat('p', 100) FROM generate_series(1, 110000) g;
ANALYZE orders;
