SELECT (SELECT indisvalid FROM pg_index WHERE indexrelid = 'measures_v_idx'::regclass)
   AND (SELECT count(*) FROM pg_inherits WHERE inhparent = 'measures_v_idx'::regclass) = 2
   AND (SELECT count(*) FROM pg_indexes WHERE tablename LIKE 'measures%') = 3
