SELECT (SELECT bool_and(convalidated) FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text NOT LIKE 'pgswap\_old%')
   AND (SELECT phase FROM pgswap.migrations) = 'done'
