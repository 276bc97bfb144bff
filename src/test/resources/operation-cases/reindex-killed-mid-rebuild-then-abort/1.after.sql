-- as a kill -9 during REINDEX INDEX CONCURRENTLY leaves it: the step started, its new copy INVALID
UPDATE pgswap.migrations SET steps_done = '{reindex orders_status_idx:started}';
CREATE INDEX orders_status_idx_ccnew ON orders (status);
UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'orders_status_idx_ccnew'::regclass;
