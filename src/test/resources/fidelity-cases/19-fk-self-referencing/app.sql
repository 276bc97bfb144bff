INSERT INTO orders (customer_id, parent_id) VALUES (1, 999999)
---
DELETE FROM orders WHERE id = 1;
SELECT count(*) FROM orders
---
INSERT INTO orders (customer_id, parent_id) VALUES (1, 300);
SELECT count(*) FROM orders WHERE parent_id = 300
---
UPDATE orders SET id = 100000 WHERE id = 11
