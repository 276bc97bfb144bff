CREATE TABLE events (kind text, payload text);
INSERT INTO events SELECT 'k' || g % 3, 'p' || g FROM generate_series(1, 500) g;
