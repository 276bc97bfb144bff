SELECT attnotnull AND (SELECT recipe = 'swap' AND phase = 'done' FROM pgswap.migrations) FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'status'
