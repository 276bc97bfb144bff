-- exactly what was there before: no column, no trigger, no function, no constraint
SELECT NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'code' AND NOT attisdropped)
   AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'orders'::regclass AND conname LIKE '%code%')
   AND (SELECT phase FROM pgswap.migrations) = 'aborted'
