-- changed while the shadow is kept in sync
COMMENT ON TABLE t IS 'the table';
