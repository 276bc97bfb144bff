SELECT to_regnamespace('pgswap') IS NULL AND (SELECT count(*) FROM pg_index WHERE indrelid = 'orders'::regclass) = 1
