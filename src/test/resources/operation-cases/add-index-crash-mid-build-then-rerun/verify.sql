SELECT (SELECT indisvalid AND indisready AND indisunique FROM pg_index WHERE indexrelid = 'orders_ref_idx'::regclass)
   AND 'orders_ref_idx'::regclass::oid <> (SELECT oid FROM leftover_oid)
   AND (SELECT count(*) = 1 AND bool_and(phase = 'done') AND bool_and(pending = '{}') FROM pgswap.migrations)
