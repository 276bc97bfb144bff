WITH i AS (INSERT INTO orders (ref, customer_id) VALUES ('V1', 1) RETURNING id)
SELECT i.id > (SELECT max(id) FROM orders) AND i.id % 10 = 0
       AND (SELECT NOT convalidated FROM pg_constraint WHERE conname = 'legacy_refs_order_fk')
FROM i
