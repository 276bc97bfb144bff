DO $$ BEGIN
  IF (SELECT phase FROM pgswap.migrations) <> 'backfill' THEN
    RAISE EXCEPTION 'expected the migration at its backfill, not %', (SELECT phase FROM pgswap.migrations);
  END IF;
  IF (SELECT copy_next_page FROM pgswap.migrations) = 0 OR (SELECT count(code) FROM orders) < 1000 THEN
    RAISE EXCEPTION 'expected the batches before the failure to be kept';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'pgswap_fill_1') THEN
    RAISE EXCEPTION 'the fill trigger must stay while the migration is unfinished';
  END IF;
END $$;
-- an application update of a row not yet backfilled gets its own value from the trigger
UPDATE broken SET on_ = false;
UPDATE orders SET amount = 7 WHERE id = 2999;
DO $$ BEGIN
  IF (SELECT code FROM orders WHERE id = 2999) IS NULL THEN
    RAISE EXCEPTION 'the fill trigger did not fill an updated row';
  END IF;
END $$;
