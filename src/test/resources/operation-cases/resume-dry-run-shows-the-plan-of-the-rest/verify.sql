SELECT attnotnull FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'status';
