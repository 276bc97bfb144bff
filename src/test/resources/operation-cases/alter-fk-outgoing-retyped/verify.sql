SELECT convalidated FROM pg_constraint WHERE conname = 'orders_customer_id_fkey' AND conrelid = 'orders'::regclass
