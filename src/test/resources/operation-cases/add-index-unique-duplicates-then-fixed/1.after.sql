DO $$ BEGIN
  IF to_regclass('orders_ref_idx') IS NOT NULL THEN
    RAISE EXCEPTION 'the invalid index was not removed';
  END IF;
  IF (SELECT pending FROM pgswap.migrations) <> '{}' THEN
    RAISE EXCEPTION 'the state row records what is no longer there: %', (SELECT pending FROM pgswap.migrations);
  END IF;
END $$;
UPDATE orders SET ref = -id WHERE id IN (8, 9, 12, 13, 14);
