SELECT NOT attnotnull AND (SELECT recipe = 'in-place' AND phase = 'done' FROM pgswap.migrations) FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'code'
