SELECT count(*), sum(length(note)) FROM orders
---
INSERT INTO orders (customer_id) VALUES (1);
SELECT count(*) FROM orders WHERE customer_id = 1
