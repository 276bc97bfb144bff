SELECT (SELECT convalidated FROM pg_constraint WHERE conname = 'orders_customer_id_fkey')
   AND (SELECT phase = 'done' AND steps_done = '{add,validate}' AND pending = '{}' FROM pgswap.migrations)
