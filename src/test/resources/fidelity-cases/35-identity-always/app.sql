WITH i AS (INSERT INTO orders (customer_id) VALUES (1) RETURNING id)
SELECT i.id > (SELECT max(id) FROM orders), i.id % 10 FROM i
---
INSERT INTO orders (id, customer_id) VALUES (5, 1)
---
INSERT INTO orders (id, customer_id) OVERRIDING SYSTEM VALUE VALUES (5, 1);
SELECT count(*) FROM orders WHERE id = 5
---
SELECT pg_get_serial_sequence('orders', 'id')
