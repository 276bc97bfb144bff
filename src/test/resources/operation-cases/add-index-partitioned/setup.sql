CREATE TABLE measures (at date NOT NULL, sensor int NOT NULL, v int) PARTITION BY RANGE (at);
CREATE TABLE measures_2025 PARTITION OF measures FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE measures_2026 PARTITION OF measures FOR VALUES FROM ('2026-01-01') TO ('2027-01-01') PARTITION BY LIST (sensor);
CREATE TABLE measures_2026_a PARTITION OF measures_2026 FOR VALUES IN (1, 2);
CREATE TABLE measures_2026_b PARTITION OF measures_2026 DEFAULT;
-- one leaf already has an index with the same definition: it is kept and attached
CREATE INDEX measures_2025_by_v ON measures_2025 (v);
INSERT INTO measures SELECT date '2025-01-01' + g % 700, g % 5, g FROM generate_series(1, 5000) g;
