SELECT (SELECT indisvalid AND indisready FROM pg_index WHERE indexrelid = to_regclass('orders_customer_id_created_at_idx'))
   AND pg_get_indexdef(to_regclass('orders_customer_id_created_at_idx')) = 'CREATE INDEX orders_customer_id_created_at_idx ON public.orders USING btree (customer_id, created_at)'
   AND (SELECT count(*) = 1 AND bool_and(phase = 'done') AND bool_and(pending = '{}') FROM pgswap.migrations) AND (SELECT steps_done = '{build:started,build}' FROM pgswap.migrations)
