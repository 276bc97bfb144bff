DO $$ BEGIN CREATE ROLE pgswap_case_seq_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgswap_case_seq_default; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text);
INSERT INTO t (v) SELECT 'v' || g FROM generate_series(1, 2000) g;
-- the identity sequence's own grants and comment (a monitoring role reads it, an app calls currval)
GRANT USAGE, SELECT ON SEQUENCE t_id_seq TO pgswap_case_seq_reader;
COMMENT ON SEQUENCE t_id_seq IS 'ids of t';
-- pgswap's role gives every new sequence to another role: the new identity sequence must not keep that
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SEQUENCES TO pgswap_case_seq_default;
CREATE TABLE before_seq AS SELECT relacl::text AS acl FROM pg_class WHERE relname = 't_id_seq';
