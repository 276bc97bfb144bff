SELECT (SELECT contype = 'p' FROM pg_constraint WHERE conname = 'events_pkey')
   AND (SELECT bool_and(attnotnull) FROM pg_attribute WHERE attrelid = 'events'::regclass AND attname IN ('id', 'seq'))
   AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'events'::regclass AND contype = 'c')
   AND (SELECT steps_done = '{not-null-check,not-null-validate,build:started,build,primary-key}' AND pending = '{}' FROM pgswap.migrations)
