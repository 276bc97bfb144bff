SELECT NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'pgswap%' AND relnamespace = 'public'::regnamespace);
