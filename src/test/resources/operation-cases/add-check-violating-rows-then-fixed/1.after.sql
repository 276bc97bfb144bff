DO $$ BEGIN
  IF (SELECT convalidated FROM pg_constraint WHERE conname = 'amount_positive') IS DISTINCT FROM false THEN
    RAISE EXCEPTION 'expected the constraint NOT VALID after the failed validation';
  END IF;
  IF (SELECT pending FROM pgswap.migrations) <> '{"NOT VALID CHECK constraint amount_positive on public.orders"}' THEN
    RAISE EXCEPTION 'the state row does not record what is left on the table: %', (SELECT pending FROM pgswap.migrations);
  END IF;
END $$;
-- new writes are checked already
DO $$ BEGIN
  INSERT INTO orders VALUES (99999, 1, 'x', -1);
  RAISE EXCEPTION 'a violating insert was accepted';
EXCEPTION WHEN check_violation THEN NULL;
END $$;
UPDATE orders SET amount = 5 WHERE amount <= 0;
