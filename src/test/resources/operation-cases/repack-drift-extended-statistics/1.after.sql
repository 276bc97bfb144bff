-- changed while the shadow is kept in sync
CREATE STATISTICS t_stats (dependencies) ON status, n FROM t;
