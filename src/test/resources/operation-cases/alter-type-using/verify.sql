SELECT (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'code') = 'integer' AND sum(code) = 2000 * 1000 + 2000 * 2001 / 2 FROM orders
