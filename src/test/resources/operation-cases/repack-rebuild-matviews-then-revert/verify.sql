SELECT (SELECT count(*) FROM sales) = 3001
   AND EXISTS (SELECT 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
               WHERE r.ev_class = 'totals'::regclass AND d.refobjid = 'sales'::regclass)
   AND (SELECT count(*) FROM totals) = 20
