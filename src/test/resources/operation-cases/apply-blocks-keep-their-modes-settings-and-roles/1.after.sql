CREATE TABLE shop.needed (id int);
