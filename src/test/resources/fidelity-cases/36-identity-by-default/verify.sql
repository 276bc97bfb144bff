-- the sequence continues above the old rows, with its own increment
WITH i AS (INSERT INTO orders (customer_id) VALUES (1) RETURNING id)
SELECT i.id > (SELECT max(id) FROM orders) AND i.id % 3 = 2 FROM i
