SELECT (SELECT convalidated FROM pg_constraint WHERE conname = 'orders_customer_id_fkey')
   AND (SELECT steps_done = '{add:found,validate}' FROM pgswap.migrations)
