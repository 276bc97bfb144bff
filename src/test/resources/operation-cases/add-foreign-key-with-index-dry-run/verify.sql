SELECT to_regclass('orders_customer_id_idx') IS NULL AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'orders_customer_id_fkey')
