SELECT (SELECT indisvalid AND indisready FROM pg_index WHERE indexrelid = to_regclass('orders_open_status'))
   AND (SELECT pg_get_expr(indpred, indrelid) FROM pg_index WHERE indexrelid = 'orders_open_status'::regclass) = '(status <> ''shipped''::text)'
