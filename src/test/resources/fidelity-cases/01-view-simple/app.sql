SELECT count(*), sum(id), sum(amount) FROM open_orders
---
SELECT id, status FROM open_orders ORDER BY id LIMIT 3
---
-- a row written to the table now shows through the view
INSERT INTO orders (customer_id, status) VALUES (4242, 'new');
SELECT count(*) FROM open_orders WHERE customer_id = 4242
