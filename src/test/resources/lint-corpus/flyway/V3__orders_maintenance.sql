/*
 * Flyway V3: maintenance of the orders table.
 * /* nested: Flyway and PostgreSQL both allow nested block comments; a ; here ends nothing */
 */
SET lock_timeout = '3s';

-- keep updated_at current (the function body has semicolons inside dollar quotes)
CREATE OR REPLACE FUNCTION orders_touch() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
  NEW.updated_at := clock_timestamp();  -- not the end;
  RAISE NOTICE 'touched %; id=%', TG_TABLE_NAME, NEW.id;
  RETURN NEW;
END
$body$;

CREATE TRIGGER orders_touch BEFORE UPDATE ON orders
  FOR EACH ROW EXECUTE FUNCTION orders_touch();

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reporting') THEN
    CREATE ROLE reporting;
  END IF;
END
$$;

COMMENT ON COLUMN orders.note IS E'free text; may contain \'quotes\' and \\ backslashes';

ALTER TABLE orders ADD COLUMN priority integer NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE orders ADD COLUMN external_ref text DEFAULT make_external_ref();

VACUUM FULL orders;
CLUSTER orders USING orders_pkey;
REINDEX TABLE orders;
REINDEX INDEX CONCURRENTLY orders_pkey;
ALTER TABLE orders SET (fillfactor = 80);
ALTER TABLE orders ALTER COLUMN note SET STATISTICS 1000;
DROP INDEX IF EXISTS orders_status_old_idx;
