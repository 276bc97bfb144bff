SELECT (SELECT array_agg(conname::text ORDER BY conname) FROM pg_constraint WHERE conrelid = 't'::regclass AND contype = 'c')
       = '{t_check,t_x_check,t_x_check1,t_x_check2,t_y_check}'
   AND (SELECT array_agg(conname::text ORDER BY conname) FROM pg_constraint
        WHERE conrelid = 'tbl_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'::regclass AND contype = 'c')
       = '{tbl_aaaaaaaaaaaaaaaaaaaaaaaaaaaaa_longcolumnname_for_test_check,tbl_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_x_check}'
   AND (SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 't_x_check2') = 'CHECK ((x < 1000))'
