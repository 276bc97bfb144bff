-- NOT NULL without a rewrite, no helper CHECK left behind, every row filled
SELECT (SELECT f FROM filenode_before) = pg_relation_filenode('orders')
   AND (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'seen_at')
   AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'c')
   AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'orders'::regclass AND NOT convalidated)
   AND (SELECT count(*) = 3000 AND count(seen_at) = 3000 FROM orders)
