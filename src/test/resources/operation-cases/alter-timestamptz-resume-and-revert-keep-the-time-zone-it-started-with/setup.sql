CREATE TABLE t (id bigint PRIMARY KEY, created_at timestamp NOT NULL, note text);
INSERT INTO t SELECT g, timestamp '2024-03-09 12:00' + g * interval '37 minutes', 'n' FROM generate_series(1, 3000) g;
CREATE TABLE t_orig AS SELECT id, created_at FROM t;
