CREATE TABLE t (id integer PRIMARY KEY, v text);
INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 2000) g;
