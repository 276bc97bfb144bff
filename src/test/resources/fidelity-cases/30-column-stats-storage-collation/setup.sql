CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text,
                     code text COLLATE "C", label varchar(20) COLLATE "POSIX", note text);
INSERT INTO orders (customer_id, status, code, label, note)
SELECT g % 50, 'new', (ARRAY['a', 'B', 'c', 'D', '_e'])[g % 5 + 1] || g, 'L' || g, repeat('y', g)
FROM generate_series(1, 300) g;
ALTER TABLE orders ALTER COLUMN status SET STATISTICS 1000;
ALTER TABLE orders ALTER COLUMN customer_id SET STATISTICS 0;
ALTER TABLE orders ALTER COLUMN note SET STORAGE EXTERNAL;
ALTER TABLE orders ALTER COLUMN label SET STORAGE MAIN;
ALTER TABLE orders ALTER COLUMN code SET (n_distinct = 100);
ALTER TABLE orders ALTER COLUMN note SET COMPRESSION pglz;
