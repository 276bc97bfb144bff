SELECT (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'payment_2024'::regclass AND attname = 'method')
   AND (SELECT relispartition FROM pg_class WHERE oid = 'payment_2024'::regclass)
   AND (SELECT count(*) FROM payment) = 3000
