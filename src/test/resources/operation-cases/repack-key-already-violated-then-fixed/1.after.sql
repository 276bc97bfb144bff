DO $$ BEGIN
  -- the unrelated key into the table was validated although the other one failed
  IF NOT (SELECT convalidated FROM pg_constraint WHERE conname = 'item_ref_item_id_fkey') THEN
    RAISE EXCEPTION 'item_ref_item_id_fkey was left NOT VALID';
  END IF;
  IF (SELECT phase FROM pgswap.migrations) <> 'finish' THEN
    RAISE EXCEPTION 'migration not at its finish step: %', (SELECT phase FROM pgswap.migrations);
  END IF;
END $$;
DELETE FROM item WHERE id > 100;
