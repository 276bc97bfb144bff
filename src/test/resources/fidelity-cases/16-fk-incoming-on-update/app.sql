UPDATE orders SET id = id + 100000 WHERE id = 5;
SELECT order_id FROM shipments WHERE id = 5
---
DELETE FROM orders WHERE id = 6;
SELECT count(*) FROM shipments WHERE order_id IS NULL
---
UPDATE orders SET id = id + 100000 WHERE id = 101
---
DELETE FROM orders WHERE id = 102
---
INSERT INTO invoices VALUES (1000, 999999)
---
INSERT INTO shipments VALUES (1000, 999999)
