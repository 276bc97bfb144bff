CREATE TABLE orders (id bigint PRIMARY KEY, status text, qty integer);
INSERT INTO orders SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE 'new' END,
                      CASE WHEN g % 10 = 0 THEN NULL ELSE g END
FROM generate_series(1, 100) g;
ANALYZE orders;
