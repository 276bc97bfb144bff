SELECT to_regnamespace('pgswap') IS NULL AND (SELECT count(*) FROM pg_constraint WHERE contype = 'f') = 1
