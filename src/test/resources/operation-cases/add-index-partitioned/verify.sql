SELECT to_regnamespace('pgswap') IS NULL
