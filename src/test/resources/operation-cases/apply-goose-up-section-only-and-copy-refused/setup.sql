CREATE TABLE accounts (id bigint PRIMARY KEY, name text);
INSERT INTO accounts SELECT g, 'a' || g FROM generate_series(1, 1000) g;
