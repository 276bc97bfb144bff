SELECT convalidated AND (SELECT recipe = 'swap' AND phase = 'done' FROM pgswap.migrations) FROM pg_constraint WHERE conrelid = 'orders'::regclass AND conname = 'orders_amount_check'
