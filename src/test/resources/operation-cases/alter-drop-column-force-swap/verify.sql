SELECT (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'note') IS NULL AND (SELECT recipe = 'swap' AND phase = 'done' FROM pgswap.migrations)
   AND (SELECT count(*) = 2000 FROM orders)
