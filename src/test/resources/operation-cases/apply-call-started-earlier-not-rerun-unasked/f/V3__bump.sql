CREATE TABLE c0 (id int);
CALL bump();
CREATE TABLE c1 (id int);
