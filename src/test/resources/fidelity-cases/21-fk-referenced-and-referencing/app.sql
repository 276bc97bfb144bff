INSERT INTO orders (customer_id, region) VALUES (2, 'south')
---
UPDATE customers SET region = 'east' WHERE id = 2;
SELECT count(*) FROM orders WHERE region = 'east'
---
DELETE FROM orders WHERE id <= 10;
SELECT count(*) FROM invoices WHERE order_id IS NULL
---
INSERT INTO invoices VALUES (1000, 999999)
---
DELETE FROM customers WHERE id = 3
