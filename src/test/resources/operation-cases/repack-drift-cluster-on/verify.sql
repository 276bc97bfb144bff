-- the change is still there, on the original table, and nothing was swapped
SELECT (SELECT indisclustered FROM pg_index WHERE indexrelid = 't_status_idx'::regclass)
   AND (SELECT phase FROM pgswap.migrations) = 'failed'
   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'pgswap\_old%')
