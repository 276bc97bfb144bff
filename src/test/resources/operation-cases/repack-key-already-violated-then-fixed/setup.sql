CREATE TABLE lang (id int PRIMARY KEY);
INSERT INTO lang VALUES (1);
CREATE TABLE item (id int PRIMARY KEY, lang_id int REFERENCES lang (id));
CREATE TABLE item_ref (id int PRIMARY KEY, item_id int REFERENCES item (id));
INSERT INTO item SELECT g, 1 FROM generate_series(1, 100) g;
INSERT INTO item_ref SELECT g, g FROM generate_series(1, 10) g;
-- rows loaded with triggers disabled: the key is marked valid but 2 rows break it
SET session_replication_role = replica;
INSERT INTO item VALUES (101, 7), (102, 8);
RESET session_replication_role;
