WITH i AS (INSERT INTO orders (customer_id) VALUES (1) RETURNING id)
SELECT i.id > (SELECT max(id) FROM orders), i.id % 3 FROM i
---
INSERT INTO orders (id, customer_id) VALUES (7, 1);
SELECT count(*) FROM orders WHERE id = 7
---
INSERT INTO orders (id, customer_id) VALUES (500, 1)
