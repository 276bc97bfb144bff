SELECT (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'code')
   AND (SELECT count(*) = 3000 AND count(DISTINCT code) = 3000 FROM orders)
   AND (SELECT phase = 'done' FROM pgswap.migrations)
