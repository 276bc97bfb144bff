-- as pgswap_case_fid60_app
SELECT count(*), sum(amount) FROM order_amounts
---
INSERT INTO order_lines VALUES (1000, 999999)
---
DELETE FROM orders WHERE id <= 10;
SELECT count(*) FROM order_lines
---
INSERT INTO orders (customer_id, status) VALUES (4242, 'new');
SELECT count(*) FROM order_amounts WHERE customer_id = 4242
---
SELECT pubname, tablename FROM pg_publication_tables ORDER BY 1
