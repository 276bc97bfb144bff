SELECT to_regnamespace('pgswap') IS NULL AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'amount_positive')
