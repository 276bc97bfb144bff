DO $$ BEGIN CREATE ROLE pgswap_case_evt_origin_app; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id int PRIMARY KEY, note text);
INSERT INTO t SELECT g, 'n' || g FROM generate_series(1, 50) g;
GRANT SELECT ON t TO pgswap_case_evt_origin_app;
CREATE TABLE audit (tbl text, op text);
CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO audit VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$;
-- a platform's hook: every new table gets row-level security and an audit trigger
CREATE FUNCTION platform_hook() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE TABLE' AND object_type = 'table' LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', r.object_identity);
    EXECUTE format('CREATE TRIGGER audit AFTER INSERT ON %s FOR EACH ROW EXECUTE FUNCTION audit_row()', r.object_identity);
  END LOOP;
END $$;
CREATE EVENT TRIGGER platform ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION platform_hook();
