DO $$ BEGIN
  IF (SELECT convalidated FROM pg_constraint WHERE conname = 'orders_customer_id_fkey') IS DISTINCT FROM false THEN
    RAISE EXCEPTION 'expected the foreign key NOT VALID after the failed validation';
  END IF;
END $$;
-- new writes are checked already
DO $$ BEGIN
  INSERT INTO orders VALUES (99999, 12345, 'x', 1);
  RAISE EXCEPTION 'a violating insert was accepted';
EXCEPTION WHEN foreign_key_violation THEN NULL;
END $$;
INSERT INTO customers VALUES (500, 'late'), (501, 'later');
