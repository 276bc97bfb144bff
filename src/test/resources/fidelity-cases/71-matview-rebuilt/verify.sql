-- the rebuilt materialized view reads the new table
INSERT INTO orders (customer_id, amount) VALUES (4242, 1);
REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;
SELECT n = 1 FROM order_totals WHERE customer_id = 4242
