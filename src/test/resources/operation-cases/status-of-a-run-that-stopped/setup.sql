CREATE TABLE accounts (id bigint PRIMARY KEY, email text);
INSERT INTO accounts SELECT g, 'a' || g || '@example.com' FROM generate_series(1, 2000) g;
UPDATE accounts SET email = 'a1@example.com' WHERE id = 2;
