CREATE TABLE nv (id int PRIMARY KEY, amount int, s text);
INSERT INTO nv SELECT g, g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'a' END FROM generate_series(1, 2000) g;
-- existing rows break it; PostgreSQL still checks it on every row an UPDATE writes
ALTER TABLE nv ADD CONSTRAINT small CHECK (amount < 500) NOT VALID;
