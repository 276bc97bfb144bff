-- not rewritten; every row has its own value; the default stays for new rows; the fill trigger is gone
SELECT (SELECT f FROM filenode_before) = pg_relation_filenode('orders')
   AND (SELECT count(*) = 3001 AND count(DISTINCT public_id) = 3001 FROM orders)
   AND (SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'orders'::regclass
        AND adnum = (SELECT attnum FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'public_id'))
       = 'gen_random_uuid()'
   AND NOT (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'public_id')
   AND (SELECT phase = 'done' AND steps_done = '{add,backfill:started,backfill,drop-trigger}' AND rows_copied = 3000
        FROM pgswap.migrations)
