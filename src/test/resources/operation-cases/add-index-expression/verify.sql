SELECT (SELECT indisvalid AND indisready FROM pg_index WHERE indexrelid = to_regclass('orders_lower_expr_idx'))
   AND pg_get_indexdef(to_regclass('orders_lower_expr_idx')) LIKE '%USING btree (lower(note), ((amount * (2)::numeric)))'
