SELECT (SELECT bool_and(attnotnull) FROM pg_attribute
        WHERE attname = 'method' AND attrelid IN ('payment'::regclass, 'payment_2024'::regclass,
                                                   'payment_2025'::regclass, 'payment_2026'::regclass))
   AND (SELECT count(*) FROM pgswap.migrations WHERE phase = 'done') = 3
   AND (SELECT count(DISTINCT table_oid) FROM pgswap.migrations) = 3
   AND (SELECT count(*) FROM payment) = 3000
   AND (SELECT count(*) FROM pg_inherits WHERE inhparent = 'payment'::regclass) = 3
