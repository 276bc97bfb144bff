-- nothing was changed: no new column, s still nullable, no pgswap object
SELECT NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'nv'::regclass AND attname = 'u')
   AND NOT (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'nv'::regclass AND attname = 's')
   AND (SELECT count(*) FROM nv WHERE s IS NULL) = 666
   AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname LIKE 'pgswap%')
   AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'nv'::regclass AND conname NOT IN ('small', 'nv_pkey'))
