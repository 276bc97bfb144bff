CREATE TABLE t (id int PRIMARY KEY, x int);
INSERT INTO t SELECT g, g FROM generate_series(1, 20000) g;
