SELECT count(DISTINCT token) = count(*) AND count(*) = 300 FROM orders
