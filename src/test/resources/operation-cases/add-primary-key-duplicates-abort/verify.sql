SELECT to_regclass('events_key') IS NULL
   AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'events'::regclass AND contype <> 'n')
   AND (SELECT count(*) FROM pg_attribute WHERE attrelid = 'events'::regclass AND attname IN ('id', 'seq') AND attnotnull) = 0
   AND (SELECT phase FROM pgswap.migrations) = 'aborted'
