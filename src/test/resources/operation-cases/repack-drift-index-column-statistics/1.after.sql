-- changed while the shadow is kept in sync
ALTER INDEX t_lower_idx ALTER COLUMN 1 SET STATISTICS 3000;
