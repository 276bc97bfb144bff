SELECT order_count()
---
INSERT INTO orders (customer_id) VALUES (1);
SELECT order_count()
