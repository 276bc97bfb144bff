SELECT count(*) FILTER (WHERE NOT flag) = 2000 AND (SELECT recipe = 'in-place' AND phase = 'done' FROM pgswap.migrations) FROM orders
