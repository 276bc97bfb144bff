SELECT count(*) = 4 AND bool_and(pg_relation_filenode(b.idx::regclass) <> b.f)
       AND (SELECT bool_and(indisvalid) FROM pg_index WHERE indrelid IN ('events_2025'::regclass, 'events_2026'::regclass))
       AND (SELECT count(*) FROM pg_class WHERE relname LIKE '%ccnew%' OR relname LIKE '%ccold%') = 0 AS t
FROM filenodes_before b
