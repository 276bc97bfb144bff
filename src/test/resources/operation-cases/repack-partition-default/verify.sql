SELECT NOT EXISTS (SELECT * FROM readings EXCEPT SELECT * FROM expected)
   AND NOT EXISTS (SELECT * FROM expected EXCEPT SELECT * FROM readings)
   AND (SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE oid = 'readings_rest'::regclass) = 'DEFAULT'
   AND (SELECT partdefid FROM pg_partitioned_table WHERE partrelid = 'readings'::regclass) = 'readings_rest'::regclass
   AND NOT EXISTS (SELECT 1 FROM ONLY readings_rest WHERE taken >= '2024-01-01' AND taken < '2025-01-01')
   AND (SELECT count(*) FROM ONLY readings_2024) = (SELECT count(*) FROM expected WHERE taken >= '2024-01-01' AND taken < '2025-01-01')
   AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname LIKE 'pgswap%' AND conrelid IN ('readings_rest'::regclass, 'readings_2024'::regclass))
