DO $$ BEGIN
  IF (SELECT count(*) FROM pg_attribute WHERE attrelid = 'events'::regclass AND attname IN ('id', 'seq') AND attnotnull) <> 0 THEN
    RAISE EXCEPTION 'the columns were changed before the primary key step';
  END IF;
END $$;
UPDATE events SET seq = -1 WHERE seq IS NULL AND payload = 'p31';
UPDATE events SET seq = -2 WHERE seq IS NULL AND payload = 'p32';
