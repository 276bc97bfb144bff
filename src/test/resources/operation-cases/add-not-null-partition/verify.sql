SELECT (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'payment_2024'::regclass AND attname = 'method')
   AND NOT (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'payment'::regclass AND attname = 'method')
   AND NOT EXISTS (SELECT 1 FROM payment_2024 WHERE method IS NULL)
   AND (SELECT count(*) FROM payment_2024 WHERE method = 'cash') > 0
   AND (SELECT count(*) FROM payment) = 3000
   AND (SELECT relispartition FROM pg_class WHERE oid = 'payment_2024'::regclass)
