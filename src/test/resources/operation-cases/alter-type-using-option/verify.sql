SELECT (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'amount') = 'bigint' AND sum(amount) = 50 * 2000 * 2001 / 2 FROM orders
