SELECT (SELECT count(DISTINCT added_at) FROM t) = 1 AND (SELECT count(DISTINCT token) FROM t) = 20000
   AND (SELECT count(*) FROM t WHERE added_at IS NULL OR token IS NULL) = 0
   AND (SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 't'::regclass AND adnum = 3) = 'now()'
