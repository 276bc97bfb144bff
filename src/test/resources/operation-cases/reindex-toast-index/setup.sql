DO $$ BEGIN CREATE ROLE pgswap_case_toast_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO pgswap_case_toast_owner', current_database()); END $$;
CREATE TABLE docs (id bigint PRIMARY KEY, body text);
-- values long and random enough to be stored out of line, in the TOAST table
INSERT INTO docs SELECT g, (SELECT string_agg(md5(g::text || r::text), '') FROM generate_series(1, 100) r)
FROM generate_series(1, 300) g;
ALTER TABLE docs OWNER TO pgswap_case_toast_owner;
CREATE TABLE toast_before AS
SELECT i.indexrelid AS oid FROM pg_class t JOIN pg_index i ON i.indrelid = t.reltoastrelid WHERE t.oid = 'docs'::regclass;
