-- the change is still there, on the original table, and nothing was swapped
SELECT has_column_privilege('pgswap_case_drift_reader', 't', 'status', 'SELECT')
   AND (SELECT phase FROM pgswap.migrations) = 'failed'
   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'pgswap\_old%')
