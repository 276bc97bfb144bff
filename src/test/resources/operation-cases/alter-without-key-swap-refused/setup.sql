CREATE TABLE orders (code text, amount numeric(8,2));
INSERT INTO orders SELECT g::text, g FROM generate_series(1, 100) g;
