SELECT (SELECT count(*) FROM pg_class t JOIN pg_index i ON i.indrelid = t.reltoastrelid
        WHERE t.oid = 'docs'::regclass AND i.indisvalid AND i.indexrelid <> (SELECT oid FROM toast_before)) = 1
   AND (SELECT count(*) FROM pg_class t JOIN pg_index i ON i.indrelid = t.reltoastrelid WHERE t.oid = 'docs'::regclass) = 1
   AND (SELECT pg_relation_size(reltoastrelid) > 0 FROM pg_class WHERE oid = 'docs'::regclass)
   AND (SELECT count(*) FROM docs WHERE length(body) = 3200) = 300
