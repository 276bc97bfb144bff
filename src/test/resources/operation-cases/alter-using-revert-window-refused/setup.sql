CREATE TABLE t (id int PRIMARY KEY, payload text);
INSERT INTO t SELECT g, repeat('p', g) FROM generate_series(1, 50) g;
