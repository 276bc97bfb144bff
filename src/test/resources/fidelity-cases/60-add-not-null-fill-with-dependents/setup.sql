DO $$ BEGIN CREATE ROLE pgswap_case_fid60_app; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text);
INSERT INTO orders (customer_id, status, amount, note)
SELECT g % 50, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g * 1.5, 'n' || g FROM generate_series(1, 300) g;

UPDATE orders SET status = NULL WHERE id % 20 = 0;
CREATE VIEW order_amounts AS SELECT id, customer_id, amount FROM orders;
GRANT SELECT ON order_amounts TO pgswap_case_fid60_app;
CREATE TABLE order_lines (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders ON DELETE CASCADE);
INSERT INTO order_lines SELECT g, g FROM generate_series(1, 100) g;
CREATE PUBLICATION orders_pub FOR TABLE orders;
