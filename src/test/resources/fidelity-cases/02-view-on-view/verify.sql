INSERT INTO orders (customer_id, status, amount) VALUES (4242, 'new', 500);
SELECT n = 1 FROM customer_totals WHERE customer_id = 4242
