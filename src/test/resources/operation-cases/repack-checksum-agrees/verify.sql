SELECT (SELECT count(*) FROM t) = 20000 AND (SELECT string_agg(phase, ',') FROM pgswap.migrations) = 'done'
