DELETE FROM orders WHERE id = 30;
SELECT count(*) = 0 FROM order_lines WHERE order_id = 30
