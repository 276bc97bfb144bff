-- the routines are tied to the new table's row type, unchanged otherwise, and work
SELECT (SELECT count(*) FROM rewards_report(1, 100)) = 100
   AND (SELECT full_name(c) FROM customer c WHERE customer_id = 7) = 'f7 l7'
   AND cardinality(customers_of(ARRAY[1, 2, 3])) = 3
   AND active_count() = 1599
   AND (SELECT prorettype FROM pg_proc WHERE proname = 'rewards_report')
       = (SELECT reltype FROM pg_class WHERE oid = 'customer'::regclass)
   AND NOT EXISTS (SELECT 1 FROM routine_acl_before b JOIN pg_proc p ON p.proname = b.proname
                   WHERE coalesce(p.proacl, acldefault('f', p.proowner))::text IS DISTINCT FROM b.acl OR pg_get_userbyid(p.proowner) <> b.owner
                      OR obj_description(p.oid, 'pg_proc') IS DISTINCT FROM b.comment
                      OR pg_get_functiondef(p.oid) <> b.def)
   AND (SELECT count(*) FROM pg_proc WHERE proname IN ('rewards_report', 'full_name', 'customers_of',
                                                      'active_count', 'deactivate')) = 5
