SELECT (SELECT count(*) FROM pgswap.migrations) = 1
