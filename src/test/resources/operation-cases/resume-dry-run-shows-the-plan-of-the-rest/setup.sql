CREATE TABLE t (id bigint PRIMARY KEY, status text);
INSERT INTO t SELECT g, CASE WHEN g % 5 = 0 THEN NULL ELSE 'new' END FROM generate_series(1, 2000) g;
