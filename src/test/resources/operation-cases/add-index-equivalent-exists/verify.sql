SELECT to_regclass('orders_cust') IS NULL
   AND (SELECT count(*) FROM pg_index WHERE indrelid = 'orders'::regclass) = 2
