INSERT INTO orders (ref, customer_id) VALUES ('R1', 1)
---
INSERT INTO orders (ref, ref2, customer_id) VALUES ('X', 'S1', 1)
---
SELECT status, amount FROM orders WHERE ref = 'R17'
