CREATE TABLE dd (k int NOT NULL, v int) PARTITION BY LIST (k);
CREATE TABLE dd1 PARTITION OF dd FOR VALUES IN (1);
CREATE TABLE dd2 PARTITION OF dd FOR VALUES IN (2);
INSERT INTO dd SELECT 1, g FROM generate_series(1, 1000) g;       -- dd1: no duplicates
INSERT INTO dd SELECT 2, g % 500 FROM generate_series(1, 1000) g; -- dd2: duplicates
