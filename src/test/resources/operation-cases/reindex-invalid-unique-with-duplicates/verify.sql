SELECT to_regclass('orders_ref_key_ccnew') IS NULL
   AND (SELECT NOT indisvalid FROM pg_index WHERE indexrelid = 'orders_ref_key'::regclass)
