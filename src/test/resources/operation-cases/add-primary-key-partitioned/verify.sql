SELECT (SELECT contype FROM pg_constraint WHERE conrelid = 'visits'::regclass AND conname = 'visits_pkey') = 'p'
   AND (SELECT count(*) FROM pg_inherits WHERE inhparent = 'visits_pkey'::regclass) = 2
   AND (SELECT bool_and(attnotnull) FROM pg_attribute WHERE attname = 'id'
        AND attrelid IN ('visits'::regclass, 'visits_2025'::regclass, 'visits_2026'::regclass))
   AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname LIKE 'pgswap_nn%')
   AND (SELECT bool_and(indisvalid) FROM pg_index WHERE indrelid IN (SELECT relid FROM pg_partition_tree('visits')))
   AND (SELECT count(*) FROM visits) = 3000
