CREATE UNLOGGED TABLE u (id bigint PRIMARY KEY, status text);
INSERT INTO u SELECT g, 'x' FROM generate_series(1, 10) g;
