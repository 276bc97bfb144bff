CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status varchar(20),
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text);
INSERT INTO orders (customer_id, status, amount, note)
SELECT g % 50, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g * 1.5, 'n' || g FROM generate_series(1, 300) g;
CREATE INDEX orders_status_idx ON orders (status);
CREATE VIEW order_amounts AS SELECT id, customer_id, amount FROM orders;
