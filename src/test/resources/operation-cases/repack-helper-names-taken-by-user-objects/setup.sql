CREATE TABLE t (id int PRIMARY KEY, x int);
INSERT INTO t SELECT i, i FROM generate_series(1, 2000) i;
-- a user's objects with the names migrations #1-#3 would give their helpers
CREATE TABLE pgswap_shadow_1 (y int);
INSERT INTO pgswap_shadow_1 VALUES (1), (2), (3);
COMMENT ON TABLE pgswap_shadow_1 IS 'my own table';
CREATE TABLE pgswap_old_2_t (z int);
CREATE INDEX pgswap_3_i0 ON pgswap_shadow_1 (y);
