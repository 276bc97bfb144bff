SELECT (SELECT string_agg(id || ':' || v, ',') FROM t) = '5000:after'
   AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname LIKE 'pgswap%')
   AND (SELECT string_agg(phase, ',') FROM pgswap.migrations) = 'done'
