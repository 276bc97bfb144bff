-- the change is still there, on the original table, and nothing was swapped
SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 't_n_small')
   AND (SELECT phase FROM pgswap.migrations) = 'failed'
   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'pgswap\_old%')
