-- changed while the shadow is kept in sync
ALTER TABLE t ADD CONSTRAINT t_n_small CHECK (n < 1000000) NOT VALID;
