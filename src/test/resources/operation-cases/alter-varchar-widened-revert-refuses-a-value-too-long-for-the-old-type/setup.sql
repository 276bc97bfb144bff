CREATE TABLE t (id bigint PRIMARY KEY, status varchar(20), note text);
INSERT INTO t SELECT g, 'new', 'n' FROM generate_series(1, 2000) g;
