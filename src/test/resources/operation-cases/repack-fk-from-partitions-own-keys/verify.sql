SELECT (SELECT t FROM fk_holds)
   AND (SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND confrelid = 'staff'::regclass AND convalidated) = 2
   AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f' AND confrelid = to_regclass('pgswap_old_1_staff'))
   AND (SELECT count(*) FROM payment) = 3000
