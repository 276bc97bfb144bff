SELECT (SELECT contype = 'u' FROM pg_constraint WHERE conname = 'orders_ref_unique') AND NOT EXISTS (SELECT 1 FROM pg_index WHERE indrelid = 'orders'::regclass AND NOT indisvalid)
