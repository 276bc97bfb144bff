WITH i AS (INSERT INTO orders (customer_id, status) VALUES (1, 'new') RETURNING id)
SELECT i.id > (SELECT max(id) FROM orders) FROM i
---
INSERT INTO orders (customer_id, status) VALUES (1, '')
---
SELECT count(*) FROM orders WHERE status = 'paid'
