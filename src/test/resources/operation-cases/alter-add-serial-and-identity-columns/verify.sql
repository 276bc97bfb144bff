-- named as a plain ALTER names them (numbered when taken), owned by their columns, every row numbered once,
-- and the next rows numbered after the copied ones; the table's own identity sequence continues
SELECT pg_get_serial_sequence('orders', 'line_no') = 'public.orders_line_no_seq1'
   AND pg_get_serial_sequence('orders', 'ticket') = 'public.orders_ticket_seq'
   AND pg_get_serial_sequence('orders', 'id') = 'public.orders_id_seq'
   AND (SELECT count(DISTINCT line_no) = 2001 AND count(DISTINCT ticket) = 2001 AND min(ticket) >= 1000
               AND count(*) FILTER (WHERE line_no IS NULL OR ticket IS NULL) = 0 FROM orders)
   AND (SELECT line_no = (SELECT max(line_no) FROM orders) AND ticket = (SELECT max(ticket) FROM orders)
               AND id = 2001 FROM orders WHERE code = 'new-row')
   AND (SELECT last_value = 1 AND NOT is_called FROM orders_line_no_seq)
   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relkind = 'S' AND relname LIKE 'pgswap_shadow%')
