SELECT a.attnotnull AND (SELECT count(*) FROM orders) = 100
FROM pg_attribute a
WHERE a.attrelid = 'public.orders'::regclass AND a.attname = 'status';
