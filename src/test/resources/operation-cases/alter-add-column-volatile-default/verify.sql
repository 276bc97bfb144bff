SELECT count(DISTINCT token) = 2000 AND (SELECT recipe = 'swap' AND phase = 'done' FROM pgswap.migrations) FROM orders
