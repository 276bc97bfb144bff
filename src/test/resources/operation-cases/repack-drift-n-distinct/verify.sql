-- the change is still there, on the original table, and nothing was swapped
SELECT (SELECT attoptions::text FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'status') = '{n_distinct=5}'
   AND (SELECT phase FROM pgswap.migrations) = 'failed'
   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'pgswap\_old%')
