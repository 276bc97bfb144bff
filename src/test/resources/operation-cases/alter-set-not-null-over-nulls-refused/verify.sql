SELECT NOT attnotnull FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'note'
