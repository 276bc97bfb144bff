SELECT (SELECT convalidated FROM pg_constraint WHERE conname = 'orders_customer_id_fkey')
   AND (SELECT count(*) FROM pg_index WHERE indrelid = 'orders'::regclass) = 2
   AND (SELECT steps_done @> '{build:found}' FROM pgswap.migrations)
