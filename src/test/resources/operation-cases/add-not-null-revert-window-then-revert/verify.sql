-- the old table is back: NULLs as before (and allowed), the window's writes carried over, the
-- view and the foreign key point at it, and pgswap's objects are gone
SELECT (SELECT count(*) FROM t WHERE status IS NULL) = 427
   AND (SELECT count(*) FROM t WHERE status = 'changed') = 10
   AND NOT EXISTS (SELECT 1 FROM t WHERE id = 50)
   AND EXISTS (SELECT 1 FROM t WHERE id = 5000 AND status = 'late')
   AND (SELECT attnotnull FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'status') = false
   AND pg_get_viewdef('open_t') LIKE '%FROM t%'
   AND (SELECT confrelid = 't'::regclass AND convalidated FROM pg_constraint WHERE conname = 'child_t_id_fkey')
   AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname LIKE 'pgswap%')
   AND (SELECT string_agg(phase, ',') FROM pgswap.migrations) = 'done'
