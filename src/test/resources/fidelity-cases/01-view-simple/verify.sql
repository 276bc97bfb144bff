-- the view reads the new table: a row inserted now shows through it
INSERT INTO orders (customer_id, status) VALUES (4242, 'new');
SELECT count(*) = 1 FROM open_orders WHERE customer_id = 4242
