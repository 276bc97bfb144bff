WITH ins AS (INSERT INTO payment (customer_id, amount, payment_date)
             VALUES (1, 1.5, '2022-01-15 00:00:00+00') RETURNING tableoid::regclass::text AS t)
SELECT (SELECT count(*) FROM payment) = (SELECT count(*) FROM expected)
   AND NOT EXISTS (SELECT * FROM payment EXCEPT SELECT * FROM expected)
   AND (SELECT count(*) FROM ONLY payment_p2022_01) = (SELECT count(*) FROM expected WHERE payment_date < '2022-02-01 00:00:00+00')
   AND (SELECT relispartition FROM pg_class WHERE oid = 'payment_p2022_01'::regclass)
   AND (SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE oid = 'payment_p2022_01'::regclass)
       = 'FOR VALUES FROM (''2022-01-01 00:00:00+00'') TO (''2022-02-01 00:00:00+00'')'
   -- the partition's indexes are attached to the parent's, its key and foreign key inherited, nothing of pgswap's left
   AND (SELECT count(*) FROM pg_index i JOIN pg_inherits h ON h.inhrelid = i.indexrelid
        WHERE i.indrelid = 'payment_p2022_01'::regclass) = 2
   AND (SELECT count(*) FROM pg_constraint WHERE conrelid = 'payment_p2022_01'::regclass AND conparentid <> 0) = 2
   AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'payment_p2022_01'::regclass AND conname LIKE 'pgswap%')
   AND (SELECT count(*) FROM pg_trigger WHERE tgrelid = 'payment_p2022_01'::regclass AND tgname = 'payment_touch') = 1
   AND (SELECT count(*) FROM pg_constraint WHERE conrelid = to_regclass('pgswap_old_1_payment_p2022_01') AND contype = 'f') = 0
   -- rows still route to the new partition
   AND (SELECT t FROM ins) = 'payment_p2022_01'
