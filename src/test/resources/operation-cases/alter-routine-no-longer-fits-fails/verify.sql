SELECT (SELECT count(*) FROM everyone()) = 100
   AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'customer'::regclass AND attname = 'extra')
   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'pgswap%')
