CREATE TABLE visits (day date NOT NULL, id bigint, who text) PARTITION BY RANGE (day);
CREATE TABLE visits_2025 PARTITION OF visits FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE visits_2026 PARTITION OF visits FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
INSERT INTO visits SELECT date '2025-01-01' + g % 700, g, 'w' FROM generate_series(1, 3000) g;
