-- the table was not rewritten (same relfilenode), every row reads the stored default, the column is NOT NULL
SELECT (SELECT f FROM filenode_before) = pg_relation_filenode('orders')
   AND (SELECT atthasmissing AND attnotnull FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'priority')
   AND (SELECT count(*) = 3000 AND bool_and(priority = 0) FROM orders)
   AND (SELECT phase = 'done' AND steps_done = '{add}' FROM pgswap.migrations)
