INSERT INTO order_lines VALUES (10000, 999999, 1)
---
DELETE FROM orders WHERE id <= 10;
SELECT count(*) FROM order_lines
---
WITH o AS (INSERT INTO orders (customer_id) VALUES (1) RETURNING id)
INSERT INTO order_lines SELECT 10000, id, 1 FROM o
---
UPDATE orders SET id = id + 100000 WHERE id = 20
