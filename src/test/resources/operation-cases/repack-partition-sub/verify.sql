SELECT NOT EXISTS (SELECT * FROM orders EXCEPT SELECT * FROM expected)
   AND NOT EXISTS (SELECT * FROM expected EXCEPT SELECT * FROM orders)
   AND (SELECT inhparent FROM pg_inherits WHERE inhrelid = 'orders_shop1_2025'::regclass) = 'orders_shop1'::regclass
   AND (SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE oid = 'orders_shop1_2025'::regclass)
       = 'FOR VALUES FROM (''2025-01-01'') TO (''2026-01-01'')'
   AND (SELECT count(*) FROM pg_index i JOIN pg_inherits h ON h.inhrelid = i.indexrelid
        WHERE i.indrelid = 'orders_shop1_2025'::regclass) = 2
   AND (SELECT count(*) FROM ONLY orders_shop1_2025) = (SELECT count(*) FROM expected WHERE shop = 1 AND placed >= '2025-01-01')
