SELECT count(*) FILTER (WHERE status IS NULL) = 0 AND count(*) FILTER (WHERE status = 'unknown') = 15 FROM orders
