SELECT (SELECT count(*) FROM big_orders) = 1000 AND (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'amount') = 'numeric(12,2)'
   AND pg_get_viewdef('big_orders'::regclass) NOT LIKE '%pgswap%'
