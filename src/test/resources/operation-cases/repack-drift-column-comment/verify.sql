-- the change is still there, on the original table, and nothing was swapped
SELECT col_description('t'::regclass, 2) = 'where the row is'
   AND (SELECT phase FROM pgswap.migrations) = 'failed'
   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'pgswap\_old%')
