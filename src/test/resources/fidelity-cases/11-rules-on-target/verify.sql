DELETE FROM orders WHERE id = 7;
SELECT count(*) = 1 FROM order_audit WHERE order_id = 7
