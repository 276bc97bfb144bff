SELECT (SELECT convalidated FROM pg_constraint WHERE conname = 'amount_positive' AND conrelid = 'orders'::regclass)
   AND (SELECT phase = 'done' AND steps_done = '{add,validate}' AND recipe = 'in-place' FROM pgswap.migrations)
   AND pg_get_constraintdef((SELECT oid FROM pg_constraint WHERE conname = 'amount_positive')) = 'CHECK ((amount > (0)::numeric))'
