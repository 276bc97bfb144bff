-- CREATE SCHEMA pgswap AUTHORIZATION role, as the refusal without one suggests: the role has no CREATE on
-- the database, which CREATE SCHEMA IF NOT EXISTS would have checked first
DO $$ BEGIN CREATE ROLE pgswap_case_owner80 LOGIN PASSWORD '${ROLE_PASSWORD}'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE orders (id bigint PRIMARY KEY, status text);
INSERT INTO orders SELECT g, 'new' FROM generate_series(1, 100) g;
ALTER TABLE orders OWNER TO pgswap_case_owner80;
CREATE SCHEMA pgswap AUTHORIZATION pgswap_case_owner80;
GRANT CREATE ON SCHEMA public TO pgswap_case_owner80;
