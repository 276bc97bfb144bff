-- written through the view: the insert lands in the table and takes its defaults
INSERT INTO paid_orders (customer_id, status, note) VALUES (4242, 'paid', 'via view');
SELECT status, amount, note, id > 300 FROM orders WHERE customer_id = 4242
---
UPDATE paid_orders SET note = 'touched' WHERE id <= 30;
SELECT count(*) FROM orders WHERE note = 'touched'
---
DELETE FROM paid_orders WHERE id <= 60;
SELECT count(*) FROM orders
---
UPDATE paid_orders SET note = 'x' WHERE status = 'new'
