-- changed while the shadow is kept in sync
ALTER TABLE t ALTER COLUMN status SET DEFAULT 'new';
