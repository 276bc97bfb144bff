-- changed while the shadow is kept in sync
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
