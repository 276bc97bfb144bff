SELECT NOT EXISTS (SELECT 1 FROM pg_index WHERE indrelid = 'orders'::regclass AND NOT indisvalid)
   AND to_regclass('orders_status_idx') IS NOT NULL AND to_regclass('orders_status_idx_ccnew') IS NULL
