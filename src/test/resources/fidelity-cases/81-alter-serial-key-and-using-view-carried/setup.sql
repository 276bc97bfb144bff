DO $$ BEGIN CREATE ROLE pgswap_case_fid81_app; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE orders (id serial PRIMARY KEY, code text NOT NULL, status text, amount numeric(10,2) NOT NULL DEFAULT 0);
INSERT INTO orders (code, status, amount)
SELECT (1000 + g)::text, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g * 1.5 FROM generate_series(1, 300) g;
SELECT setval('orders_id_seq', 2147483000);
-- reads the key and code only in its WHERE: carried through
CREATE VIEW big_codes AS SELECT status, count(*) AS n FROM orders WHERE id > 100 AND code IS NOT NULL GROUP BY status;
GRANT SELECT ON big_codes TO pgswap_case_fid81_app;
COMMENT ON VIEW big_codes IS 'orders by status';
CREATE TABLE customers (id bigint PRIMARY KEY, first_order integer REFERENCES orders);
INSERT INTO customers SELECT g, g FROM generate_series(1, 50) g;
