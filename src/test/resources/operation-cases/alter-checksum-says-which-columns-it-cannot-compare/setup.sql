CREATE TABLE t (id bigint PRIMARY KEY, v text);
INSERT INTO t SELECT g, 'v' FROM generate_series(1, 1000) g;
