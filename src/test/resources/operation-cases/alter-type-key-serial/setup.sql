CREATE TABLE orders (id serial PRIMARY KEY, amount numeric(8,2) NOT NULL);
INSERT INTO orders (amount) SELECT g FROM generate_series(1, 2000) g;
