SELECT (SELECT count(*) FROM customer_report) = 100
   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'pgswap%')
