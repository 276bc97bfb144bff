SELECT NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname IN ('ticket', 'line_no'))
   AND (SELECT count(*) = 2001 AND max(id) = 2001 FROM orders)
   AND pg_get_serial_sequence('orders', 'id') = 'public.orders_id_seq'
   AND (SELECT last_value = 2001 FROM orders_id_seq)
