INSERT INTO orders (customer_id) VALUES (9999)
---
DELETE FROM customers WHERE id = 3
---
UPDATE currencies SET code = 'US$' WHERE code = 'USD';
SELECT count(*) FROM orders WHERE currency = 'US$'
---
INSERT INTO orders (customer_id, currency) VALUES (1, 'XXX')
---
INSERT INTO orders (customer_id) VALUES (1);
SELECT count(*) FROM orders WHERE customer_id = 1
