-- rows written after the run get the default at once
INSERT INTO orders VALUES (5000, 1, 'new', 1);
