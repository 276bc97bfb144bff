SELECT (SELECT string_agg(conname || ':' || convalidated, ',' ORDER BY conname) FROM pg_constraint
        WHERE conrelid = 'lines'::regclass AND contype = 'f') = 'lines_person_id_fkey:false,lines_person_id_fkey1:true'
