DO $$ BEGIN CREATE ROLE pgswap_case_fid74_clerk; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text);
INSERT INTO orders (customer_id, status, amount, note)
SELECT g % 50, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g * 1.5, 'n' || g FROM generate_series(1, 300) g;

CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint NOT NULL);
INSERT INTO invoices SELECT g, g FROM generate_series(1, 300) g;
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
CREATE POLICY invoices_of_paid_orders ON invoices
  USING (EXISTS (SELECT 1 FROM orders o WHERE o.id = invoices.order_id AND o.status = 'paid'));
GRANT SELECT ON invoices, orders TO pgswap_case_fid74_clerk;
