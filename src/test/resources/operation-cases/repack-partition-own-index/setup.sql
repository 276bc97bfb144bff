CREATE TABLE logs (id bigint NOT NULL, at date NOT NULL, msg text, PRIMARY KEY (at, id)) PARTITION BY RANGE (at);
CREATE TABLE logs_2024 PARTITION OF logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE logs_2025 PARTITION OF logs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX logs_2025_msg_idx ON logs_2025 (msg) WHERE msg IS NOT NULL;
COMMENT ON INDEX logs_2025_msg_idx IS 'only this year';
INSERT INTO logs SELECT g, date '2024-01-01' + g % 700, CASE WHEN g % 2 = 0 THEN 'm' || g END FROM generate_series(1, 4000) g;
