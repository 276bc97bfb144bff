SELECT count(*) = 2 FROM dd WHERE k = 1 AND v = 5;
