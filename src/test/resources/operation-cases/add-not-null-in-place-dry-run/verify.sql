SELECT to_regnamespace('pgswap') IS NULL AND (SELECT count(*) FROM orders WHERE status IS NULL) = 30
