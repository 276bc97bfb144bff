CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text DEFAULT 'draft',
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text, legacy integer);
INSERT INTO orders (customer_id, status, amount, note)
SELECT g % 50, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g * 1.5, 'n' || g FROM generate_series(1, 300) g;
COMMENT ON COLUMN orders.legacy IS 'not used any more';
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE VIEW order_amounts AS SELECT id, customer_id, amount FROM orders;
CREATE TABLE order_lines (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders ON DELETE CASCADE);
INSERT INTO order_lines SELECT g, g FROM generate_series(1, 100) g;
