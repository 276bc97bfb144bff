-- changed while the shadow is kept in sync
ALTER TABLE t ALTER COLUMN status SET (n_distinct = 5);
