-- NOT NULL, the fill applied to the rows written before the resumed swap, the old table dropped
-- (--drop-old of the first run), and nothing of pgswap's left
SELECT (SELECT count(*) FROM t WHERE status = 'new') = 428 + 10 - 1
   AND (SELECT attnotnull FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'status')
   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'pgswap%')
   AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname LIKE 'pgswap%')
   AND (SELECT string_agg(phase, ',') FROM pgswap.migrations) = 'done'
   AND pg_get_viewdef('open_t') LIKE '%FROM t%'
