-- as pgswap_case_fid80_app
SELECT count(*), count(DISTINCT status) FROM recent_orders
---
-- as pgswap_case_fid80_app
WITH i AS (INSERT INTO orders (customer_id, status) VALUES (7, 'new') RETURNING *)
SELECT i.id > 2147482999, i.note FROM i
---
-- as pgswap_case_fid80_app
UPDATE orders SET status = 'paid' WHERE id = 5
---
-- as pgswap_case_fid80_app
UPDATE orders SET amount = 1 WHERE id = 5
---
INSERT INTO order_lines VALUES (10000, 999999)
---
DELETE FROM orders WHERE id <= 10;
SELECT count(*) FROM order_lines
---
SELECT pubname, tablename FROM pg_publication_tables ORDER BY 1
