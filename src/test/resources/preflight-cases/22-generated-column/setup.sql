CREATE TABLE t (id bigint PRIMARY KEY, n int, status text GENERATED ALWAYS AS ('n' || n) STORED);
INSERT INTO t (id, n) SELECT g, g FROM generate_series(1, 10) g;
