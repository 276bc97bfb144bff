-- the policies apply to the owner: a copy as the owner would see only tenant t1's rows
DO $$ BEGIN CREATE ROLE pgswap_case_owner78 LOGIN PASSWORD '${ROLE_PASSWORD}'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT CREATE ON DATABASE "${DB}" TO pgswap_case_owner78;
CREATE TABLE docs (id bigint PRIMARY KEY, tenant text NOT NULL, body text);
INSERT INTO docs SELECT g, 't' || g % 4, 'b' || g FROM generate_series(1, 2000) g;
ALTER TABLE docs OWNER TO pgswap_case_owner78;
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
ALTER TABLE docs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_iso ON docs USING (tenant = 't1');
