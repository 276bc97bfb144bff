CREATE TABLE events (id bigint, seq int, kind text NOT NULL, payload text);
INSERT INTO events SELECT g / 10, g % 10, 'k' || g % 3, 'p' || g FROM generate_series(1, 5000) g;
UPDATE events SET seq = NULL WHERE id = 3 AND seq IN (1, 2);
