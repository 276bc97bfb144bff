SELECT (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'status') = 'character varying(100)' AND (SELECT recipe = 'in-place' AND phase = 'done' FROM pgswap.migrations)
   AND (SELECT steps_done = '{alter}' FROM pgswap.migrations)
