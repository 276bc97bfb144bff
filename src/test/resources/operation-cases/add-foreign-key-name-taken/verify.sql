SELECT (SELECT string_agg(conname || ':' || contype::text, ',' ORDER BY conname) FROM pg_constraint
        WHERE conrelid = 'orders'::regclass AND contype IN ('c', 'f'))
     = 'orders_customer_id_fkey:c,orders_customer_id_fkey1:f'
