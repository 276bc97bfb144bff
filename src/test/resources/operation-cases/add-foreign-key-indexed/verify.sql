SELECT (SELECT convalidated AND confrelid = 'customers'::regclass AND confdeltype = 'a'
        FROM pg_constraint WHERE conname = 'orders_customer_id_fkey')
   AND (SELECT phase = 'done' AND steps_done = '{add,validate}' FROM pgswap.migrations)
