SELECT a.attnotnull
   AND (SELECT count(*) FROM orders WHERE status = 'x''); DROP TABLE x; --') = 10
   AND (SELECT count(*) FROM x) = 3
FROM pg_attribute a
WHERE a.attrelid = 'public.orders'::regclass AND a.attname = 'status';
