SELECT (SELECT contype = 'u' AND convalidated FROM pg_constraint WHERE conname = 'orders_customer_id_ref_key')
   AND (SELECT steps_done = '{build:started,build,constraint}' AND phase = 'done' FROM pgswap.migrations)
