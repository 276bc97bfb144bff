-- written and deleted in the window: the reverse log keeps a key that integer cannot hold
INSERT INTO t VALUES (3000000000, 'big');
DELETE FROM t WHERE id = 3000000000;
UPDATE t SET v = 'changed' WHERE id = 7;
