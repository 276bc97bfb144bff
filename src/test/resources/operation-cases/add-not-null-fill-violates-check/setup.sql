CREATE TABLE t (id int PRIMARY KEY, status text, CONSTRAINT status_known CHECK (status IN ('new', 'paid')));
INSERT INTO t SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE 'new' END FROM generate_series(1, 100) g;
