CREATE TABLE small (id bigint PRIMARY KEY, v int);
INSERT INTO small SELECT g, g FROM generate_series(1, 1000) g;
