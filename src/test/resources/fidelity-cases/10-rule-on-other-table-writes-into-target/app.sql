INSERT INTO order_requests VALUES (4242, 5);
SELECT customer_id, status, amount FROM orders WHERE customer_id = 4242
---
INSERT INTO order_requests VALUES (4242, 5);
SELECT count(*) FROM order_requests
