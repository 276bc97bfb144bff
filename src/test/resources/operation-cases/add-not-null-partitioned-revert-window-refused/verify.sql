SELECT (SELECT count(*) FROM payment WHERE method IS NULL) > 0
   AND NOT (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'payment'::regclass AND attname = 'method')
   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'pgswap%')
