SELECT to_regnamespace('pgswap') IS NULL AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype <> 'p' AND contype <> 'n')
