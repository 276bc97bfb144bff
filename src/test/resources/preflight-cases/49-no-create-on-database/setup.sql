DO $$ BEGIN CREATE ROLE pgswap_case_app49 LOGIN PASSWORD '${ROLE_PASSWORD}'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE SCHEMA app AUTHORIZATION pgswap_case_app49;
CREATE TABLE app.orders (id bigint PRIMARY KEY, status text);
INSERT INTO app.orders SELECT g, 'x' FROM generate_series(1, 10) g;
ALTER TABLE app.orders OWNER TO pgswap_case_app49;
