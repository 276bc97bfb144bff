-- the change is still there, on the original table, and nothing was swapped
SELECT (SELECT obj_description(oid, 'pg_constraint') FROM pg_constraint WHERE conname = 't_n_check') = 'no negative counts'
   AND (SELECT phase FROM pgswap.migrations) = 'failed'
   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'pgswap\_old%')
