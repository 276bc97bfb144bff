UPDATE t SET status = 'awaiting_customer_confirmation' WHERE id = 10;
