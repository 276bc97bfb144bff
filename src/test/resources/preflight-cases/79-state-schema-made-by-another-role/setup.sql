-- a DBA made schema pgswap (no grants) for a role that owns its table but may not create schemas
DO $$ BEGIN CREATE ROLE pgswap_case_owner79 LOGIN PASSWORD '${ROLE_PASSWORD}'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE orders (id bigint PRIMARY KEY, status text);
INSERT INTO orders SELECT g, 'new' FROM generate_series(1, 100) g;
ALTER TABLE orders OWNER TO pgswap_case_owner79;
CREATE SCHEMA pgswap;
