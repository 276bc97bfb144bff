CREATE TABLE nokey (id bigint, status text);
INSERT INTO nokey SELECT g, 'x' FROM generate_series(1, 10) g;
