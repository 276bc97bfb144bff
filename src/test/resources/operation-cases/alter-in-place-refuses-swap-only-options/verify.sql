SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'legacy' AND NOT attisdropped)
   AND NOT (SELECT attnotnull FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'status');
