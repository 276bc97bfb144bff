DELETE FROM orders WHERE id <= 5;
SELECT order_id, what FROM order_audit ORDER BY order_id
---
-- the disabled rule does not fire
UPDATE orders SET status = 'x' WHERE id <= 5;
SELECT count(*) FROM order_audit
---
UPDATE orders SET status = 'cancelled' WHERE id <= 3;
DELETE FROM orders WHERE id <= 5;
SELECT count(*) FROM orders WHERE id <= 5
