-- as pgswap_case_fid76_reader
SELECT * FROM order_totals ORDER BY customer_id LIMIT 5
---
SELECT * FROM top_customers
---
SELECT count(*) FROM reporting.order_statuses
---
INSERT INTO orders (customer_id, amount) VALUES (4242, 1);
REFRESH MATERIALIZED VIEW order_totals;
REFRESH MATERIALIZED VIEW reporting.order_statuses;
SELECT (SELECT n FROM order_totals WHERE customer_id = 4242), (SELECT sum(n) FROM reporting.order_statuses)
