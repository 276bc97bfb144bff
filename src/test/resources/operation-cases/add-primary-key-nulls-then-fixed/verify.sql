SELECT (SELECT contype = 'p' FROM pg_constraint WHERE conname = 'events_pkey') AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'events'::regclass AND contype = 'c')
