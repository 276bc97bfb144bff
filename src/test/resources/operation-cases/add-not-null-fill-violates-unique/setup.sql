CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE);
INSERT INTO users VALUES (1, 'a@x'), (2, NULL), (3, NULL);
