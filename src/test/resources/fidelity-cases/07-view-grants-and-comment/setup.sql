DO $$ BEGIN CREATE ROLE pgswap_case_fid07_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text);
INSERT INTO orders (customer_id, status, amount, note)
SELECT g % 50, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g * 1.5, 'n' || g FROM generate_series(1, 300) g;

CREATE VIEW customer_orders AS SELECT id, customer_id, amount FROM orders;
COMMENT ON VIEW customer_orders IS 'what customers see';
COMMENT ON COLUMN customer_orders.amount IS 'in EUR';
GRANT SELECT ON customer_orders TO pgswap_case_fid07_reader;
GRANT UPDATE (amount) ON customer_orders TO pgswap_case_fid07_reader;
