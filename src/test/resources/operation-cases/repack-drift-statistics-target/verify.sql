-- the change is still there, on the original table, and nothing was swapped
SELECT (SELECT attstattarget::int FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'status') = 500
   AND (SELECT phase FROM pgswap.migrations) = 'failed'
   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'pgswap\_old%')
