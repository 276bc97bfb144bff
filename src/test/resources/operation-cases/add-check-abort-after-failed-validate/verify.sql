-- only what pgswap added is gone: the user's own constraint stays
SELECT NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'amount_positive')
   AND EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'customer_known' AND convalidated)
   AND (SELECT phase FROM pgswap.migrations) = 'aborted'
