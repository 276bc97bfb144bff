CREATE TABLE orders (id bigint PRIMARY KEY, status text);
INSERT INTO orders SELECT g, 'new' FROM generate_series(1, 100) g;
DO $$ BEGIN CREATE ROLE pgswap_case_owner85 NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgswap_case_app85 LOGIN NOINHERIT PASSWORD '${ROLE_PASSWORD}'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT pgswap_case_owner85 TO pgswap_case_app85;
ALTER TABLE orders OWNER TO pgswap_case_owner85;
GRANT SELECT ON orders TO pgswap_case_app85;
