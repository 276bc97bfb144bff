SELECT (SELECT contype = 'u' FROM pg_constraint WHERE conname = 'orders_ref_key')
   AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'orders_ref_uq')
   AND 'orders_ref_uq'::regclass::oid = (SELECT oid FROM index_oid)
   AND (SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_ref_key'::regclass) AS t
