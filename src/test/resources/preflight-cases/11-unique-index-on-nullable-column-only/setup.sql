CREATE TABLE t (id bigint UNIQUE, status text);
CREATE UNIQUE INDEX t_status_key ON t (status);
INSERT INTO t SELECT g, 'x' || g FROM generate_series(1, 10) g;
