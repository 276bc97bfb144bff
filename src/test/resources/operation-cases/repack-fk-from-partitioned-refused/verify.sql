SELECT to_regclass('pgswap.migrations') IS NULL
