SELECT NOT c.relrowsecurity
   AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 't'::regclass AND NOT tgisinternal)
   -- (an ENABLE ALWAYS hook also audits pgswap's own state table: rows for 'migrations' are expected)
   AND (SELECT count(*) FROM audit WHERE tbl <> 'migrations') = 0
   AND (SELECT phase FROM pgswap.migrations) = 'failed'
FROM pg_class c WHERE c.oid = 't'::regclass
