CREATE TABLE audited (id int PRIMARY KEY, note text);
INSERT INTO audited SELECT g, CASE WHEN g % 5 = 0 THEN NULL ELSE 'n' || g END FROM generate_series(1, 500) g;
ANALYZE audited;
CREATE TABLE audit_log (id int, op text);
CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO audit_log VALUES (NEW.id, TG_OP); RETURN NEW; END $$;
CREATE TRIGGER audit_trg AFTER UPDATE ON audited FOR EACH ROW EXECUTE FUNCTION audit();
-- these two do not fire: an UPDATE of another column, and a trigger enabled for replicas only
CREATE TRIGGER of_id_trg AFTER UPDATE OF id ON audited FOR EACH ROW EXECUTE FUNCTION audit();
CREATE TRIGGER replica_trg AFTER UPDATE ON audited FOR EACH ROW EXECUTE FUNCTION audit();
ALTER TABLE audited ENABLE REPLICA TRIGGER replica_trg;
