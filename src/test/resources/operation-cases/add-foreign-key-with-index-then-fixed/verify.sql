SELECT (SELECT convalidated FROM pg_constraint WHERE conname = 'orders_customer_id_fkey')
   AND (SELECT indisvalid AND indisready FROM pg_index WHERE indexrelid = 'orders_customer_id_idx'::regclass)
   AND pg_get_indexdef('orders_customer_id_idx'::regclass) LIKE '%(customer_id)'
   AND (SELECT count(*) = 1 AND bool_and(phase = 'done') FROM pgswap.migrations)
