SELECT count(*), sum(amount) FROM order_amounts
---
INSERT INTO order_lines VALUES (1000, 999999)
---
DELETE FROM orders WHERE id <= 10;
SELECT count(*) FROM order_lines
