-- a monitoring role with USAGE on schema pgswap (made by a DBA, nothing in it yet) may run status
DO $$ BEGIN CREATE ROLE pgswap_case_monitor83 LOGIN PASSWORD '${ROLE_PASSWORD}'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE orders (id bigint PRIMARY KEY, status text);
CREATE SCHEMA pgswap;
GRANT USAGE ON SCHEMA pgswap TO pgswap_case_monitor83;
