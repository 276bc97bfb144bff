SELECT NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'orders'::regclass AND tgname LIKE 'pgswap%')
   AND (SELECT count(*) FROM orders) = 20000
