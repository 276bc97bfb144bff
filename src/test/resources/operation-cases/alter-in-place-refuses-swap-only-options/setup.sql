CREATE TABLE t (id bigint PRIMARY KEY, legacy text, status text);
INSERT INTO t SELECT g, 'x', 'new' FROM generate_series(1, 500) g;
