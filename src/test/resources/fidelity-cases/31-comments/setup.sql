CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text);
INSERT INTO orders (customer_id, status, amount, note)
SELECT g % 50, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g * 1.5, 'n' || g FROM generate_series(1, 300) g;

ALTER TABLE orders ADD CONSTRAINT amount_not_negative CHECK (amount >= 0);
CREATE INDEX orders_status_idx ON orders (status);
COMMENT ON TABLE orders IS 'customer orders; it''s "quoted"';
COMMENT ON COLUMN orders.status IS 'new, paid or shipped';
COMMENT ON COLUMN orders.id IS 'order number';
COMMENT ON INDEX orders_status_idx IS 'for the dashboard';
COMMENT ON INDEX orders_pkey IS 'the key index';
COMMENT ON CONSTRAINT amount_not_negative ON orders IS 'no refunds here';
COMMENT ON CONSTRAINT orders_pkey ON orders IS 'the key';
COMMENT ON SEQUENCE orders_id_seq IS 'order numbers';
