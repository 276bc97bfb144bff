DELETE FROM customer WHERE customer_id = 7;
