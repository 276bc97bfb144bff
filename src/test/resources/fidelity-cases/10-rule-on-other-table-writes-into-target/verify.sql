-- the rule writes into the new table
INSERT INTO order_requests VALUES (4242, 5);
SELECT count(*) = 1 FROM orders WHERE customer_id = 4242
