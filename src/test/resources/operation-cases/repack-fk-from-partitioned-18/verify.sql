-- the key points at the new customer table, is valid on the parent and every partition, and still cascades
SELECT (SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND confrelid = 'customer'::regclass AND convalidated) = 3
   AND (SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND confrelid = 'customer'::regclass AND conparentid <> 0) = 2
   AND NOT EXISTS (SELECT 1 FROM payment WHERE customer_id = 7)
   AND (SELECT count(*) FROM payment) = 2970
   AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f' AND confrelid = to_regclass('pgswap_old_1_customer'))
