CREATE TABLE orders (id bigint PRIMARY KEY, status text);
INSERT INTO orders SELECT g, 'new' FROM generate_series(1, 100) g;
DO $$ BEGIN CREATE ROLE pgswap_case_owner48 NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgswap_case_app48 LOGIN NOINHERIT PASSWORD '${ROLE_PASSWORD}'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT pgswap_case_owner48 TO pgswap_case_app48;
ALTER TABLE orders OWNER TO pgswap_case_owner48;
GRANT SELECT ON orders TO pgswap_case_app48;
