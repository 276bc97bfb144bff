CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text);
INSERT INTO orders (customer_id, status, amount, note)
SELECT g % 50, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g * 1.5, 'n' || g FROM generate_series(1, 300) g;

CREATE TABLE order_events (order_id bigint, what text);
CREATE FUNCTION log_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO order_events VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END, TG_ARGV[0] || ' ' || TG_OP);
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE FUNCTION log_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO order_events VALUES (NULL, TG_ARGV[0] || ' ' || TG_OP);
  RETURN NULL;
END $$;
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.note := coalesce(NEW.note, '') || '+';
  RETURN NEW;
END $$;
CREATE TRIGGER a_enabled AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION log_event('enabled');
CREATE TRIGGER b_disabled AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION log_event('disabled');
ALTER TABLE orders DISABLE TRIGGER b_disabled;
CREATE TRIGGER c_always AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION log_event('always');
ALTER TABLE orders ENABLE ALWAYS TRIGGER c_always;
CREATE TRIGGER d_replica AFTER DELETE ON orders FOR EACH ROW EXECUTE FUNCTION log_event('replica');
ALTER TABLE orders ENABLE REPLICA TRIGGER d_replica;
CREATE TRIGGER e_when BEFORE UPDATE OF status ON orders FOR EACH ROW
  WHEN (NEW.status = 'cancelled' AND OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION stamp();
CREATE TRIGGER f_statement AFTER DELETE ON orders FOR EACH STATEMENT EXECUTE FUNCTION log_statement('statement');
CREATE TRIGGER g_truncate BEFORE TRUNCATE ON orders FOR EACH STATEMENT EXECUTE FUNCTION log_statement('truncate');
CREATE CONSTRAINT TRIGGER h_deferred AFTER INSERT ON orders DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION log_event('deferred');
COMMENT ON TRIGGER a_enabled ON orders IS 'audit inserts';
