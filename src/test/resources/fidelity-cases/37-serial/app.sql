WITH i AS (INSERT INTO orders (customer_id) VALUES (1) RETURNING *)
SELECT i.id > (SELECT max(id) FROM orders), i.line_no > (SELECT max(line_no) FROM orders),
       i.ext_no > (SELECT max(ext_no) FROM orders), i.ext_no % 7 = 10000 % 7
FROM i
---
SELECT pg_get_serial_sequence('orders', 'id'), pg_get_serial_sequence('orders', 'ext_no')
