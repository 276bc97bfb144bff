INSERT INTO orders (ref, customer_id) VALUES ('R1', 1)
---
UPDATE orders SET status = 'paid' WHERE id <= 10;
SELECT count(*) FROM orders WHERE status = 'paid'
---
SELECT ref FROM orders ORDER BY id LIMIT 3
