-- changed while the shadow is kept in sync
COMMENT ON COLUMN t.status IS 'where the row is';
