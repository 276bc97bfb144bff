CREATE TABLE people (id int PRIMARY KEY);
CREATE TABLE other (id int PRIMARY KEY);
INSERT INTO people SELECT generate_series(1, 100);
INSERT INTO other SELECT generate_series(1, 100);
CREATE TABLE lines (id int PRIMARY KEY, person_id int);
INSERT INTO lines SELECT g, 1 + g % 100 FROM generate_series(1, 1000) g;
UPDATE lines SET person_id = 500 WHERE id = 7;
-- the name PostgreSQL would give the new key is taken: it numbers it, lines_person_id_fkey1
ALTER TABLE lines ADD CONSTRAINT lines_person_id_fkey FOREIGN KEY (person_id) REFERENCES other (id) NOT VALID;
