-- the window is over, and no status or cleanup has ended it yet
SELECT pg_sleep(1.5);
