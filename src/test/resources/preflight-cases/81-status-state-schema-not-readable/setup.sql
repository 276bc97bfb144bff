-- another role's runs made schema pgswap (no grants): status, as a role that may not look into it
DO $$ BEGIN CREATE ROLE pgswap_case_watcher81 LOGIN PASSWORD '${ROLE_PASSWORD}'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE orders (id bigint PRIMARY KEY, status text);
CREATE SCHEMA pgswap;
CREATE TABLE pgswap.migrations (id bigint PRIMARY KEY);
