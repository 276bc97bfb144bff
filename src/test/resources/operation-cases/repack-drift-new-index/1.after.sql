-- changed while the shadow is kept in sync
CREATE INDEX t_n_idx ON t (n);
