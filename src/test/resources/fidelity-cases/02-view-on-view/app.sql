SELECT count(*), sum(amount) FROM big_open_orders
---
SELECT * FROM customer_totals ORDER BY customer_id LIMIT 5
---
-- a row written to the table now shows through the view
INSERT INTO orders (customer_id, status, amount) VALUES (4242, 'new', 500);
SELECT count(*) FROM big_open_orders WHERE customer_id = 4242
