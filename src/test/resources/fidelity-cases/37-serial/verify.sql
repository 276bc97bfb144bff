WITH i AS (INSERT INTO orders (customer_id) VALUES (1) RETURNING *)
SELECT i.id > (SELECT max(id) FROM orders) AND i.line_no > (SELECT max(line_no) FROM orders)
       AND i.ext_no > (SELECT max(ext_no) FROM orders)
FROM i
