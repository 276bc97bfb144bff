SELECT count(*) = 100 AS t FROM orders
