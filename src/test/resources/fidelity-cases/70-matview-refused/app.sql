SELECT * FROM order_totals ORDER BY customer_id LIMIT 3
