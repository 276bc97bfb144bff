SELECT (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'status')
   AND (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'half'::regclass AND attname = 'v')
   AND (SELECT array_agg(recipe ORDER BY id) = '{in-place,swap}' FROM pgswap.migrations)
