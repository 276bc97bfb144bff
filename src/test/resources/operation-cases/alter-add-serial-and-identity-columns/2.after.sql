INSERT INTO orders (customer_id, code, amount) VALUES (1, 'new-row', 1);
