-- the change is still there, on the original table, and nothing was swapped
SELECT (SELECT attcompression FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'payload') = 'p'
   AND (SELECT phase FROM pgswap.migrations) = 'failed'
   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'pgswap\_old%')
