-- the change is still there, on the original table, and nothing was swapped
SELECT has_table_privilege('pgswap_case_drift_reader', 't', 'SELECT')
   AND (SELECT phase FROM pgswap.migrations) = 'failed'
   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'pgswap\_old%')
