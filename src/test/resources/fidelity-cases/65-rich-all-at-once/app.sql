SELECT count(*), sum(amount), sum(vat), count(parent_id) FROM orders
---
SELECT count(*), sum(amount) FROM open_orders
---
SELECT * FROM reporting.daily ORDER BY customer LIMIT 3
---
-- as pgswap_case_fid65_reader
SELECT count(*) FROM open_orders
---
-- as pgswap_case_fid65_reader
SELECT count(*), min(ref COLLATE "C") FROM orders
---
-- as pgswap_case_fid65_reader
SELECT sum(amount) FROM orders
---
-- as pgswap_case_fid65_clerk
SELECT count(*) FROM orders
---
-- as pgswap_case_fid65_clerk
WITH i AS (INSERT INTO orders (ref, customer_id, status, amount) VALUES ('C1', 1, 'new', 5) RETURNING *)
SELECT i.id > (SELECT max(id) FROM orders), i.id % 10, i.serial_no > 300, i.vat, i.currency FROM i
---
-- as pgswap_case_fid65_clerk
INSERT INTO orders (ref, customer_id, status, amount) VALUES ('C1', 1, 'new', 5000)
---
-- as pgswap_case_fid65_clerk
DELETE FROM orders WHERE id = 1000
---
INSERT INTO orders (id, ref, customer_id) VALUES (5, 'X', 1)
---
INSERT INTO orders (ref, customer_id) VALUES ('R1', 1)
---
INSERT INTO orders (ref, customer_id) VALUES ('X', 9999)
---
INSERT INTO orders (ref, customer_id, parent_id) VALUES ('X', 1, 999999)
---
INSERT INTO orders (ref, customer_id, amount) VALUES ('X', 1, -1)
---
INSERT INTO orders (ref, customer_id, slot) VALUES ('X', 1, tsrange('2026-01-02 00:30', '2026-01-02 01:30'))
---
INSERT INTO order_lines VALUES (10000, 999999, 1)
---
INSERT INTO payments VALUES (1000, 999999);
SET CONSTRAINTS ALL IMMEDIATE
---
INSERT INTO legacy_refs VALUES (1000, 999999)
---
INSERT INTO new_orders (ref, customer_id, status) VALUES ('X', 1, 'paid')
---
INSERT INTO new_orders (ref, customer_id, status) VALUES ('X', 1, 'new');
SELECT status, currency, amount FROM orders WHERE ref = 'X'
---
INSERT INTO order_requests VALUES ('REQ', 7);
SELECT status FROM orders WHERE ref = 'REQ'
---
DELETE FROM orders WHERE id = 3000;
SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM order_lines), (SELECT count(*) FROM order_audit)
---
UPDATE orders SET status = 'cancelled' WHERE id <= 1050;
SELECT (SELECT count(*) FROM order_events), (SELECT count(*) FROM order_audit)
---
UPDATE currencies SET code = 'US$' WHERE code = 'USD';
SELECT count(*) FROM orders WHERE currency = 'US$'
---
DELETE FROM customers WHERE id = 3
---
SELECT pubname, tablename FROM pg_publication_tables ORDER BY 1, 2
