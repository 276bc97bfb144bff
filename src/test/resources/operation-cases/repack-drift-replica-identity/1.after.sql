-- changed while the shadow is kept in sync
ALTER TABLE t REPLICA IDENTITY FULL;
