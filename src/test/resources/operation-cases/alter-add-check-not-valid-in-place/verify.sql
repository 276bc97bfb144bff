SELECT NOT convalidated AND (SELECT recipe = 'in-place' AND phase = 'done' FROM pgswap.migrations) FROM pg_constraint WHERE conrelid = 'orders'::regclass AND conname = 'amount_positive'
