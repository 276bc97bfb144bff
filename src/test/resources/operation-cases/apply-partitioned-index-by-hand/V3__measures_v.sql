-- the manual recipe for an index on a partitioned table, as a careful DBA writes it
CREATE INDEX measures_v_idx ON ONLY measures (v);
CREATE INDEX CONCURRENTLY measures_2025_v_idx ON measures_2025 (v);
ALTER INDEX measures_v_idx ATTACH PARTITION measures_2025_v_idx;
CREATE INDEX CONCURRENTLY measures_2026_v_idx ON measures_2026 (v);
ALTER INDEX measures_v_idx ATTACH PARTITION measures_2026_v_idx;
