-- the change is still there, on the original table, and nothing was swapped
SELECT (SELECT attstattarget::int FROM pg_attribute WHERE attrelid = 't_lower_idx'::regclass AND attnum = 1) = 3000
   AND (SELECT phase FROM pgswap.migrations) = 'failed'
   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'pgswap\_old%')
