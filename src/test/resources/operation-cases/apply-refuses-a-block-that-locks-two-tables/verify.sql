SELECT to_regclass('afterwards') IS NULL AND NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'shipped_at') AS t
