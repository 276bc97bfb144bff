CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0);
INSERT INTO orders (customer_id, status, amount) SELECT g % 50, 'new', g * 1.5 FROM generate_series(1, 300) g;
CREATE VIEW order_amounts AS SELECT id, amount FROM orders;
