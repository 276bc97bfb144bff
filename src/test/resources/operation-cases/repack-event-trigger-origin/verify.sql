-- the table is as before: no row-level security (the application role still sees its 50 rows), no audit
-- trigger, and no audit row was written for a copied row
SELECT NOT c.relrowsecurity
   AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 't'::regclass AND NOT tgisinternal)
   AND (SELECT count(*) FROM audit) = 0
   AND (SELECT count(*) FROM t) = 50
   AND (SELECT phase FROM pgswap.migrations) = 'done'
FROM pg_class c WHERE c.oid = 't'::regclass
