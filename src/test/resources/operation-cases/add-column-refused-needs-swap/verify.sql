SELECT to_regnamespace('pgswap') IS NULL AND (SELECT count(*) FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attnum > 0) = 4
