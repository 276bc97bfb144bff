-- changed while the shadow is kept in sync
ALTER TABLE t CLUSTER ON t_status_idx;
