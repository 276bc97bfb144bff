-- the change is still there, on the original table, and nothing was swapped
SELECT obj_description('t_status_idx'::regclass, 'pg_class') = 'for lookups by status'
   AND (SELECT phase FROM pgswap.migrations) = 'failed'
   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'pgswap\_old%')
