SELECT count(DISTINCT token) = 1000 FROM t;
