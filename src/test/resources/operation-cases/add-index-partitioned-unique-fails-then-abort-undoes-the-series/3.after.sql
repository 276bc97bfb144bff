DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relname IN ('dd', 'dd1', 'dd2')) THEN
    RAISE EXCEPTION 'an index is left: %', (SELECT string_agg(indexrelid::regclass::text, ', ') FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid WHERE c.relname IN ('dd', 'dd1', 'dd2'));
  END IF;
  INSERT INTO dd VALUES (1, 5); -- a duplicate of dd1's (1, 5): accepted again
END $$;
