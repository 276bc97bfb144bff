WITH i AS (INSERT INTO orders (customer_id, code, amount) SELECT 1, 'x', 1 FROM generate_series(1, 20) RETURNING id)
SELECT (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'id') = 'bigint' AND max(i.id) > 2147483647 AND (SELECT recipe = 'swap' AND phase = 'done' FROM pgswap.migrations)
   AND (SELECT format_type(seqtypid, NULL) = 'bigint' AND seqmax = 9223372036854775807 FROM pg_sequence
        WHERE seqrelid = pg_get_serial_sequence('orders', 'id')::regclass)
FROM i
