SELECT has_table_privilege('pgswap_case_r1', 'small', 'SELECT') AND has_table_privilege('pgswap_case_r2', 'small', 'SELECT')
   AND has_column_privilege('pgswap_case_r1', 'small', 'v', 'UPDATE')
   AND (SELECT reloptions @> '{fillfactor=90}' FROM pg_class WHERE oid = 'small'::regclass)
   AND (SELECT count(*) FROM small) = 5000
