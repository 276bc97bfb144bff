SELECT to_regnamespace('pgswap') IS NULL AND NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'shipped') AS t
