WITH i AS (INSERT INTO orders (customer_id, status) SELECT 1, 'late' FROM generate_series(1, 700) RETURNING id)
SELECT max(id) > 2147483647 FROM i
