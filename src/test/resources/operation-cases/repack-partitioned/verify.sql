SELECT NOT EXISTS (SELECT * FROM payment EXCEPT SELECT * FROM expected)
   AND NOT EXISTS (SELECT * FROM expected EXCEPT SELECT * FROM payment)
   AND (SELECT count(*) FROM pgswap.migrations WHERE phase = 'done' AND operation = 'repack') = 4
   AND (SELECT count(*) FROM pg_partition_tree('payment') WHERE isleaf) = 4
   AND (SELECT count(*) FROM pg_class WHERE relname LIKE 'pgswap_old_%' AND relispartition) = 0
   AND (SELECT sum(total) FROM payment_totals) = (SELECT sum(amount) FROM expected)
   AND (SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conparentid <> 0 AND conname = 'payment_customer_id_fkey') = 5
