CREATE TABLE users (id bigint PRIMARY KEY, n int, pad text);
INSERT INTO users SELECT g, g, repeat('x', 40) FROM generate_series(1, 250000) g;
-- an earlier migration added and validated it: SET NOT NULL needs no scan now
ALTER TABLE users ADD CONSTRAINT users_n_nn CHECK (n IS NOT NULL);
ANALYZE users;
