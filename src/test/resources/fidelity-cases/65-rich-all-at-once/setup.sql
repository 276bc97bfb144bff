DO $$ BEGIN CREATE ROLE pgswap_case_fid65_owner; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgswap_case_fid65_clerk; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgswap_case_fid65_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE SCHEMA reporting;
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(0, 49) g;
CREATE TABLE currencies (code text PRIMARY KEY);
INSERT INTO currencies VALUES ('EUR'), ('USD');

CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY (START WITH 1000 INCREMENT BY 10) PRIMARY KEY,
  serial_no serial NOT NULL,
  ref text COLLATE "C" NOT NULL,
  customer_id bigint NOT NULL REFERENCES customers ON DELETE RESTRICT,
  currency text NOT NULL DEFAULT 'EUR' REFERENCES currencies ON UPDATE CASCADE,
  parent_id bigint REFERENCES orders (id) ON DELETE CASCADE,
  status text,
  amount numeric(10,2) NOT NULL DEFAULT 0 CONSTRAINT amount_not_negative CHECK (amount >= 0),
  vat numeric GENERATED ALWAYS AS (round(amount * 0.2, 2)) STORED,
  doc jsonb,
  slot tsrange,
  created_at timestamptz NOT NULL DEFAULT now(),
  note text,
  CONSTRAINT orders_serial_key UNIQUE (serial_no) DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT orders_no_overlap EXCLUDE USING gist (slot WITH &&)
) WITH (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.05);
INSERT INTO orders (ref, customer_id, currency, status, amount, doc, slot, created_at, note)
SELECT 'R' || g, g % 50, CASE WHEN g % 7 = 0 THEN 'USD' ELSE 'EUR' END, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1],
       g * 1.5, jsonb_build_object('k', g % 5),
       tsrange(timestamp '2026-01-01' + g * interval '1 hour', timestamp '2026-01-01' + (g + 1) * interval '1 hour'),
       timestamptz '2026-01-01' + g * interval '1 minute', 'n' || g
FROM generate_series(1, 300) g;
-- chains of ten orders: 1000 <- 1010 <- ... <- 1090, 1100 <- ...
UPDATE orders SET parent_id = id - 10 WHERE (id / 10) % 10 <> 0;

CREATE UNIQUE INDEX orders_ref_key ON orders (ref);
CREATE INDEX orders_open_idx ON orders (customer_id) WHERE status <> 'shipped';
CREATE INDEX orders_lower_note_idx ON orders (lower(note));
CREATE INDEX orders_customer_incl ON orders (customer_id) INCLUDE (amount);
CREATE INDEX orders_doc_idx ON orders USING gin (doc jsonb_path_ops);
CREATE INDEX orders_created_brin ON orders USING brin (created_at);
CREATE INDEX orders_note_hash ON orders USING hash (note);
ALTER TABLE orders REPLICA IDENTITY USING INDEX orders_ref_key;
ALTER TABLE orders ALTER COLUMN status SET STATISTICS 500;
ALTER TABLE orders ALTER COLUMN note SET STORAGE EXTERNAL;
COMMENT ON TABLE orders IS 'customer orders';
COMMENT ON COLUMN orders.status IS 'new, paid or shipped';
COMMENT ON INDEX orders_open_idx IS 'for the dashboard';
COMMENT ON CONSTRAINT amount_not_negative ON orders IS 'no refunds here';

CREATE TABLE order_events (order_id bigint, what text);
CREATE FUNCTION log_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO order_events VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END, TG_ARGV[0] || ' ' || TG_OP);
  RETURN NULL;
END $$;
CREATE TRIGGER audit_insert AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION log_event('enabled');
CREATE TRIGGER audit_never AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION log_event('disabled');
ALTER TABLE orders DISABLE TRIGGER audit_never;
CREATE TRIGGER audit_update AFTER UPDATE ON orders FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION log_event('always');
ALTER TABLE orders ENABLE ALWAYS TRIGGER audit_update;
COMMENT ON TRIGGER audit_insert ON orders IS 'audit inserts';

CREATE TABLE order_lines (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders ON DELETE CASCADE,
                          qty int NOT NULL);
INSERT INTO order_lines SELECT g, 1000 + 10 * (g % 300), 1 FROM generate_series(1, 600) g;
CREATE TABLE payments (id bigint PRIMARY KEY, order_id bigint REFERENCES orders DEFERRABLE INITIALLY DEFERRED);
INSERT INTO payments SELECT g, 1000 + 10 * g FROM generate_series(1, 100) g;
CREATE TABLE legacy_refs (id bigint PRIMARY KEY, order_id bigint);
INSERT INTO legacy_refs SELECT g, CASE WHEN g % 10 = 0 THEN 1 ELSE 1000 + 10 * g END FROM generate_series(1, 100) g;
ALTER TABLE legacy_refs ADD CONSTRAINT legacy_refs_order_fk FOREIGN KEY (order_id) REFERENCES orders NOT VALID;

CREATE VIEW open_orders AS SELECT id, ref, customer_id, status, amount FROM orders WHERE status <> 'shipped';
CREATE VIEW new_orders WITH (security_barrier) AS
  SELECT id, ref, customer_id, status FROM orders WHERE status = 'new' WITH CASCADED CHECK OPTION;
CREATE VIEW reporting.daily (customer, n, total) AS
  SELECT customer_id, count(*), sum(amount) FROM public.orders GROUP BY customer_id;
COMMENT ON VIEW open_orders IS 'not shipped yet';
GRANT USAGE ON SCHEMA reporting TO pgswap_case_fid65_reader;
GRANT SELECT ON open_orders, reporting.daily TO pgswap_case_fid65_reader;

CREATE TABLE order_requests (ref text NOT NULL, customer_id bigint NOT NULL);
CREATE RULE request_becomes_order AS ON INSERT TO order_requests
  DO ALSO INSERT INTO orders (ref, customer_id, status) VALUES (NEW.ref, NEW.customer_id, 'requested');
CREATE TABLE order_audit (order_id bigint, what text);
CREATE RULE log_delete AS ON DELETE TO orders DO ALSO INSERT INTO order_audit VALUES (OLD.id, 'deleted');
CREATE RULE log_status AS ON UPDATE TO orders DO ALSO INSERT INTO order_audit VALUES (NEW.id, 'updated');
ALTER TABLE orders DISABLE RULE log_status;

CREATE PUBLICATION orders_pub FOR TABLE orders;
DO $$ BEGIN
  IF current_setting('server_version_num')::int >= 150000 THEN
    EXECUTE 'CREATE PUBLICATION orders_slim FOR TABLE orders (id, ref, status) WHERE (ref <> ''R1'')';
  END IF;
END $$;

ALTER TABLE orders OWNER TO pgswap_case_fid65_owner;
REVOKE TRUNCATE ON orders FROM pgswap_case_fid65_owner;
GRANT SELECT, INSERT, UPDATE ON orders TO pgswap_case_fid65_clerk;
GRANT SELECT (id, ref, status) ON orders TO pgswap_case_fid65_reader;
GRANT USAGE ON SEQUENCE orders_serial_no_seq TO pgswap_case_fid65_clerk;
GRANT INSERT ON order_events TO pgswap_case_fid65_clerk;
-- cascaded deletes run as the owner, and fire the rule
GRANT INSERT ON order_audit TO pgswap_case_fid65_owner;
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE orders FORCE ROW LEVEL SECURITY;
CREATE POLICY clerk_sees_open ON orders FOR SELECT TO pgswap_case_fid65_clerk USING (status <> 'shipped');
CREATE POLICY clerk_inserts ON orders FOR INSERT TO pgswap_case_fid65_clerk WITH CHECK (amount < 1000);
CREATE POLICY reader_sees_paid ON orders FOR SELECT TO pgswap_case_fid65_reader USING (status = 'paid');
CREATE POLICY owner_all ON orders FOR ALL TO pgswap_case_fid65_owner USING (true);
