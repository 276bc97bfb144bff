INSERT INTO orders (ref, customer_id) VALUES ('R1', 1)
---
INSERT INTO orders (ref, customer_id, status, note) VALUES ('X1', 1, 'paid', 'NOTE 1')
---
INSERT INTO orders (ref, customer_id, status, note) VALUES ('X1', 1, 'new', 'NOTE 1');
SELECT count(*) FROM orders WHERE lower(note) = 'note 1'
---
SELECT count(*) FROM orders WHERE customer_id = 7 AND status <> 'shipped'
