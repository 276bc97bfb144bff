CREATE TABLE orders (
  id bigint PRIMARY KEY,
  status text,
  note text
);
INSERT INTO orders SELECT g, 'new', CASE WHEN g % 3 = 0 THEN 'n' || g END FROM generate_series(1, 100) g;
CREATE FUNCTION leftover_capture() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER pgswap_capture_99 AFTER INSERT OR UPDATE OR DELETE ON orders
  FOR EACH ROW EXECUTE FUNCTION leftover_capture();
