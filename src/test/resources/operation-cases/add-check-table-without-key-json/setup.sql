CREATE TABLE events (kind text, payload text);
INSERT INTO events SELECT 'k' || g % 3, 'p' FROM generate_series(1, 500) g;
UPDATE events SET kind = NULL WHERE ctid = '(0,3)';
UPDATE events SET kind = '' WHERE ctid = '(1,4)';
