CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text);
INSERT INTO orders (customer_id, status, amount, note)
SELECT g % 50, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g * 1.5, 'n' || g FROM generate_series(1, 300) g;

CREATE TABLE order_audit (order_id bigint, what text);
CREATE RULE log_delete AS ON DELETE TO orders DO ALSO INSERT INTO order_audit VALUES (OLD.id, 'deleted');
CREATE RULE log_status AS ON UPDATE TO orders WHERE NEW.status IS DISTINCT FROM OLD.status
  DO ALSO INSERT INTO order_audit VALUES (NEW.id, 'status ' || NEW.status);
CREATE RULE keep_cancelled AS ON DELETE TO orders WHERE OLD.status = 'cancelled' DO INSTEAD NOTHING;
ALTER TABLE orders DISABLE RULE log_status;
COMMENT ON RULE log_delete ON orders IS 'keeps a trace of deleted orders';
