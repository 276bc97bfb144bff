-- the fill trigger and its function are gone, the user's trigger stays, nothing was filled, no constraint added
SELECT NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname LIKE 'pgswap%')
   AND EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'no_fill')
   AND NOT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'fill_1')
   AND (SELECT count(*) FROM orders WHERE status IS NULL) = 30
   AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'c')
   AND (SELECT phase FROM pgswap.migrations) = 'aborted'
