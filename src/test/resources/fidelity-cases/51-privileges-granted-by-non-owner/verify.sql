REVOKE SELECT ON orders FROM pgswap_case_fid51_a CASCADE;
SELECT NOT has_table_privilege('pgswap_case_fid51_b', 'orders', 'SELECT')
   AND NOT has_table_privilege('pgswap_case_fid51_c', 'orders', 'SELECT')
   AND has_column_privilege('pgswap_case_fid51_b', 'orders', 'status', 'UPDATE')
