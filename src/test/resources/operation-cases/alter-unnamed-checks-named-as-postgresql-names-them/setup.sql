CREATE TABLE t (id int PRIMARY KEY, x int CHECK (x > -5), y int);
INSERT INTO t SELECT g, g, g FROM generate_series(1, 100) g;
CREATE TABLE tbl_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (id int PRIMARY KEY, x int,
                                                                      longcolumnname_for_test int);
