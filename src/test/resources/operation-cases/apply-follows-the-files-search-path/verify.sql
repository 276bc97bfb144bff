SELECT (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'sales.orders'::regclass AND attname = 'note')
   AND NOT (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'public.orders'::regclass AND attname = 'note')
   AND EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'sales.orders'::regclass AND conname = 'orders_customer_known' AND convalidated)
   AND (SELECT count(*) FROM sales.orders) = 110000 AS t
