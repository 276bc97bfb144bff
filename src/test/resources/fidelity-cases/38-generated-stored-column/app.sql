SELECT sum(vat), min(label), max(label) FROM orders
---
INSERT INTO orders (customer_id, amount) VALUES (1, 10);
SELECT vat FROM orders WHERE customer_id = 1 AND amount = 10
---
INSERT INTO orders (customer_id, amount, vat) VALUES (1, 10, 3)
---
UPDATE orders SET amount = 100 WHERE id = 1;
SELECT vat, label FROM orders WHERE id = 1
