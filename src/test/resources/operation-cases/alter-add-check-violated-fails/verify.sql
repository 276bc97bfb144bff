SELECT NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'small')
