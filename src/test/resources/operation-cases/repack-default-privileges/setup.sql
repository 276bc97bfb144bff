DO $$ BEGIN CREATE ROLE pgswap_case_default_ro; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgswap_case_default_rw; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgswap_case_granted; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE plain (id bigint PRIMARY KEY, note text);
INSERT INTO plain SELECT g, 'n' || g FROM generate_series(1, 2000) g;
CREATE TABLE granted (id bigint PRIMARY KEY, note text);
INSERT INTO granted SELECT g, 'n' || g FROM generate_series(1, 2000) g;
GRANT SELECT, UPDATE ON granted TO pgswap_case_granted;
GRANT SELECT ON granted TO pgswap_case_default_ro;
CREATE MATERIALIZED VIEW granted_notes AS SELECT note, count(*) AS n FROM granted GROUP BY note;
-- what a DBA sets up for read-only and application roles: every table created later gets these grants
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, DELETE ON TABLES TO pgswap_case_default_rw;
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO pgswap_case_default_ro;
CREATE TABLE before_acl AS SELECT relname, coalesce(relacl, acldefault('r', relowner))::text AS acl
FROM pg_class WHERE relname IN ('plain', 'granted', 'granted_notes');
