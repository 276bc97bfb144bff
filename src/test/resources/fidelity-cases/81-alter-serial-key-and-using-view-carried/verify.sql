WITH i AS (INSERT INTO orders (code) SELECT 1 FROM generate_series(1, 700) RETURNING id)
SELECT max(i.id) > 2147483647 AND (SELECT sum(code) FROM orders WHERE id <= 300) = 300 * 1000 + 300 * 301 / 2 FROM i
