SELECT (SELECT bool_and(convalidated) FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text NOT LIKE 'pgswap\_old%')
   AND (SELECT count(*) FROM item WHERE lang_id = 1) = 100
   AND (SELECT string_agg(id || ':' || phase, ',' ORDER BY id) FROM pgswap.migrations) = '1:done'
