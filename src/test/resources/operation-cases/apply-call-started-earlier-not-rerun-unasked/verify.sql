SELECT (SELECT n FROM counter) = 12 AND to_regclass('c1') IS NOT NULL
