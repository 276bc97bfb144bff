SELECT (SELECT t FROM dup_rejected)
   AND (SELECT count(*) FROM tickets) = 2000
   AND (SELECT count(*) FROM pg_inherits WHERE inhparent = 'tickets_kind_code_key'::regclass) = 2
   AND (SELECT count(*) FROM pg_inherits WHERE inhparent = 'tickets_pkey'::regclass) = 2
   AND EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'tickets_a'::regclass AND contype = 'p' AND conparentid <> 0)
