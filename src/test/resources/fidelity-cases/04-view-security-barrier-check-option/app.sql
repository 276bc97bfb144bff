SELECT count(*), sum(amount) FROM new_orders
---
-- the check option rejects a row the view would not show
INSERT INTO new_orders (customer_id, status) VALUES (1, 'paid')
---
INSERT INTO new_orders (customer_id, status) VALUES (1, 'new');
SELECT count(*) FROM orders WHERE customer_id = 1 AND status = 'new'
---
UPDATE new_orders SET status = 'shipped' WHERE id = 3
---
INSERT INTO new_small_orders (customer_id, status, amount) VALUES (1, 'new', 500)
---
-- LOCAL on the outer view, CASCADED below: the inner condition still applies
INSERT INTO new_small_orders (customer_id, status, amount) VALUES (1, 'paid', 5)
---
INSERT INTO new_small_orders (customer_id, status, amount) VALUES (1, 'new', 5)
