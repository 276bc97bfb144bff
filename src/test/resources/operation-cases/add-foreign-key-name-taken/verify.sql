SELECT to_regnamespace('pgswap') IS NULL AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f')
