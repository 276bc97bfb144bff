CREATE TABLE posts (id bigint PRIMARY KEY, created_at timestamp(6) NOT NULL, pad text);
INSERT INTO posts SELECT g, '2024-01-01'::timestamp + g * interval '1 second', repeat('p', 90)
FROM generate_series(1, 110000) g;
ANALYZE posts;
