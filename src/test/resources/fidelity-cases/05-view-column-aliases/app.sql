SELECT order_no, who, state, "Amount in EUR" FROM order_summary ORDER BY order_no LIMIT 3
---
SELECT state, count(*) FROM order_summary GROUP BY state ORDER BY state
---
SELECT id FROM order_summary
---
INSERT INTO orders (customer_id, status) VALUES (4242, 'new');
SELECT state FROM order_summary WHERE who = 4242
