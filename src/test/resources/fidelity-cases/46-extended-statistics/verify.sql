-- the new table's statistics objects are filled (the shadow was analyzed before the swap)
SELECT count(*) = 4 FROM pg_statistic_ext s JOIN pg_statistic_ext_data d ON d.stxoid = s.oid
WHERE s.stxrelid = 'public.orders'::regclass
