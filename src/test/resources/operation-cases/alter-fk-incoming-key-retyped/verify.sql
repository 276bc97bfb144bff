SELECT convalidated AND pg_get_constraintdef(oid) = 'FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE'
FROM pg_constraint WHERE conname = 'order_lines_order_id_fkey'
