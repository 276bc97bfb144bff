CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, kind text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX events_kind_idx ON events (kind);
INSERT INTO events SELECT g, date '2025-01-01' + (g % 700), 'k' || g % 10 FROM generate_series(1, 20000) g;
CREATE TABLE filenodes_before AS
  SELECT i.indexrelid::regclass::text AS idx, pg_relation_filenode(i.indexrelid) AS f
  FROM pg_index i WHERE i.indrelid IN ('events_2025'::regclass, 'events_2026'::regclass);
