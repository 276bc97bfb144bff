SELECT to_regclass('orders') IS NOT NULL AND to_regnamespace('pgswap') IS NULL
