CREATE SCHEMA s1;
CREATE SCHEMA s2;
CREATE TABLE s1.orders (id bigint PRIMARY KEY, status text);
CREATE TABLE s2.orders (id bigint PRIMARY KEY, status text);
