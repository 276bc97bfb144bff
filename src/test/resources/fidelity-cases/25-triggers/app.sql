-- the copy and the swap fired no trigger
SELECT count(*) FROM order_events
---
INSERT INTO orders (customer_id) VALUES (1);
SELECT what, count(*) FROM order_events GROUP BY what ORDER BY what
---
INSERT INTO orders (customer_id) VALUES (1);
SET CONSTRAINTS ALL IMMEDIATE;
SELECT what, count(*) FROM order_events GROUP BY what ORDER BY what
---
UPDATE orders SET status = 'cancelled' WHERE id <= 6;
SELECT string_agg(note, ',' ORDER BY id) FROM orders WHERE id <= 6
---
UPDATE orders SET amount = amount + 1 WHERE id <= 3;
SELECT what, count(*) FROM order_events GROUP BY what ORDER BY what
---
DELETE FROM orders WHERE id <= 3;
SELECT what, count(*) FROM order_events GROUP BY what ORDER BY what
---
TRUNCATE orders;
SELECT what, count(*) FROM order_events GROUP BY what ORDER BY what
