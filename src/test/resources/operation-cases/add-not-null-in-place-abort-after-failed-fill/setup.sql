CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 100) g;
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text, amount numeric(12,2) NOT NULL);
INSERT INTO orders SELECT g, 1 + g % 100, CASE WHEN g % 100 = 0 THEN NULL ELSE 'new' END, 1 + g % 100
FROM generate_series(1, 3000) g;
ANALYZE orders;

-- an application rule that refuses to change a NULL status: pgswap's fill fails on it
CREATE FUNCTION no_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IS NULL AND NEW.status IS NOT NULL AND NEW.amount = OLD.amount THEN
    RAISE EXCEPTION 'status of order % must be set by the application', OLD.id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER no_fill BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION no_fill();
