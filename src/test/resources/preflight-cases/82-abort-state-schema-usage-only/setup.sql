-- the role owns its table and may look into schema pgswap (USAGE) but not create in it: abort would drop
-- and write there, so it is refused up front (has_schema_privilege with a list means ANY of them)
DO $$ BEGIN CREATE ROLE pgswap_case_owner82 LOGIN PASSWORD '${ROLE_PASSWORD}'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE orders (id bigint PRIMARY KEY, status text);
ALTER TABLE orders OWNER TO pgswap_case_owner82;
CREATE SCHEMA pgswap;
GRANT USAGE ON SCHEMA pgswap TO pgswap_case_owner82;
