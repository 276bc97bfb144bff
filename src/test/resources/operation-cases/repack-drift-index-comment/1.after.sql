-- changed while the shadow is kept in sync
COMMENT ON INDEX t_status_idx IS 'for lookups by status';
