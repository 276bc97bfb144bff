-- changed while the shadow is kept in sync
COMMENT ON CONSTRAINT t_n_check ON t IS 'no negative counts';
