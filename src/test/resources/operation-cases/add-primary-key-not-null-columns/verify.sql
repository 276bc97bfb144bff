SELECT (SELECT contype = 'p' FROM pg_constraint WHERE conname = 'events_pkey')
   AND (SELECT steps_done = '{build:started,build,primary-key}' FROM pgswap.migrations)
