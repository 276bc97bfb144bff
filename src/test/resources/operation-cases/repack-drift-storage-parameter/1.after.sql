-- changed while the shadow is kept in sync
ALTER TABLE t SET (fillfactor = 70);
