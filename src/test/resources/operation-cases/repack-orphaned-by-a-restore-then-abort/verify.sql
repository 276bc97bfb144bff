SELECT (SELECT string_agg(id || ':' || phase, ',' ORDER BY id) FROM pgswap.migrations) = '1:aborted,2:done' AND (SELECT count(*) FROM t) = 3001
