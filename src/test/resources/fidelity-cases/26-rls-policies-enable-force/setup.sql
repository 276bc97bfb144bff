DO $$ BEGIN CREATE ROLE pgswap_case_fid26_clerk; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgswap_case_fid26_owner; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text);
INSERT INTO orders (customer_id, status, amount, note)
SELECT g % 50, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g * 1.5, 'n' || g FROM generate_series(1, 300) g;

ALTER TABLE orders OWNER TO pgswap_case_fid26_owner;
GRANT SELECT, INSERT, UPDATE ON orders TO pgswap_case_fid26_clerk;
GRANT USAGE ON SEQUENCE orders_id_seq TO pgswap_case_fid26_clerk;
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE orders FORCE ROW LEVEL SECURITY;
CREATE POLICY clerk_sees_new ON orders FOR SELECT TO pgswap_case_fid26_clerk USING (status = 'new');
CREATE POLICY clerk_inserts_small ON orders FOR INSERT TO pgswap_case_fid26_clerk WITH CHECK (amount < 100);
CREATE POLICY owner_some ON orders AS PERMISSIVE FOR ALL TO pgswap_case_fid26_owner USING (customer_id < 25);
CREATE POLICY owner_not_tiny ON orders AS RESTRICTIVE FOR ALL TO pgswap_case_fid26_owner USING (amount > 10) WITH CHECK (amount > 10);
COMMENT ON POLICY clerk_sees_new ON orders IS 'only new ones';
