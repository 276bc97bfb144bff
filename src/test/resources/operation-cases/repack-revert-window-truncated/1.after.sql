-- the application empties the table during the window
TRUNCATE t;
INSERT INTO t VALUES (5000, 'after');
