CREATE TABLE t (id int PRIMARY KEY, status text, n int);
INSERT INTO t SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE 'ok' END, g FROM generate_series(1, 3000) g;
CREATE VIEW open_t AS SELECT id, status FROM t WHERE n > 10;
