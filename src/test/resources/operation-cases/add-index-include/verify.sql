SELECT (SELECT indisvalid AND indisready FROM pg_index WHERE indexrelid = to_regclass('orders_customer_id_amount_status_idx'))
   AND pg_get_indexdef(to_regclass('orders_customer_id_amount_status_idx')) LIKE '%(customer_id) INCLUDE (amount, status)'
