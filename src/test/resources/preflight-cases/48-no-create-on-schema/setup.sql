DO $$ BEGIN CREATE ROLE pgswap_case_app48 LOGIN PASSWORD '${ROLE_PASSWORD}'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE SCHEMA app;
GRANT USAGE ON SCHEMA app TO pgswap_case_app48;
CREATE TABLE app.orders (id bigint PRIMARY KEY, status text);
INSERT INTO app.orders SELECT g, 'x' FROM generate_series(1, 10) g;
ALTER TABLE app.orders OWNER TO pgswap_case_app48;
GRANT CREATE ON DATABASE "${DB}" TO pgswap_case_app48;
