-- the change is still there, on the original table, and nothing was swapped
SELECT (SELECT reloptions::text FROM pg_class WHERE oid = 't'::regclass) = '{fillfactor=70}'
   AND (SELECT phase FROM pgswap.migrations) = 'failed'
   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'pgswap\_old%')
