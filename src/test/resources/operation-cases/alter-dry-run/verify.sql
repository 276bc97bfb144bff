SELECT to_regnamespace('pgswap') IS NULL AND (SELECT format_type(atttypid, atttypmod) = 'integer' FROM pg_attribute
  WHERE attrelid = 'orders'::regclass AND attname = 'id')
