-- the application writes in the window
UPDATE t SET status = 'changed' WHERE id <= 10;
DELETE FROM child WHERE id = 50;
DELETE FROM t WHERE id = 50;
INSERT INTO t VALUES (5000, 'late', 1);
