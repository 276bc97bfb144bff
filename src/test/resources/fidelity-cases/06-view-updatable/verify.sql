INSERT INTO paid_orders (customer_id, status) VALUES (4242, 'paid');
SELECT count(*) = 1 FROM orders WHERE customer_id = 4242
