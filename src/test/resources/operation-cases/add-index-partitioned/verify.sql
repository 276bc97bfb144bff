SELECT (SELECT indisvalid FROM pg_index WHERE indexrelid = 'measures_v_idx'::regclass)
   AND (SELECT count(*) FROM pg_partition_tree('measures_v_idx') WHERE isleaf) = 3
   AND 'measures_2025_by_v'::regclass IN (SELECT relid FROM pg_partition_tree('measures_v_idx'))
   AND (SELECT count(*) FROM pg_indexes WHERE tablename LIKE 'measures%') = 5
   AND to_regclass('measures_v_key') IS NULL
   AND (SELECT count(*) FROM pgswap.migrations WHERE phase = 'done') = 2
   AND (SELECT bool_and(indisvalid) FROM pg_index WHERE indrelid IN (SELECT relid FROM pg_partition_tree('measures')))
