SELECT convalidated AND confdeltype = 'r' FROM pg_constraint WHERE conname = 'orders_customer_id_fkey'
