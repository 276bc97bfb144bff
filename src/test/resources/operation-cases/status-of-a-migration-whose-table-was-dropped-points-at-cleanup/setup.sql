CREATE TABLE gone (id bigint PRIMARY KEY, v text);
INSERT INTO gone SELECT g, 'v' FROM generate_series(1, 500) g;
