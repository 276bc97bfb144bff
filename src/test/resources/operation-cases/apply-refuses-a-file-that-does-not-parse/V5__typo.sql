CREATE TABLE first_one (id int);

ALTER TABLE orders ADD COLUM note text;
CREATE TABLE last_one (id int);
