SELECT NOT EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f')
   AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid IN ('orders'::regclass, 'customers'::regclass))
   AND (SELECT phase FROM pgswap.migrations) = 'aborted'
