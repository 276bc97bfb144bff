SELECT (SELECT contype = 'u' FROM pg_constraint WHERE conname = 'orders_ref_uq')
   AND 'orders_ref_uq'::regclass::oid = (SELECT oid FROM index_oid)
   AND (SELECT steps_done = '{build:found,constraint}' FROM pgswap.migrations)
