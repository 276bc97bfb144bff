CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL, status text, amount numeric(12,2) NOT NULL,
                     ref int, tags text[], note text, created_at timestamptz NOT NULL);
INSERT INTO orders SELECT g, g % 10, (ARRAY['new','paid','shipped'])[g % 3 + 1], 1 + g % 100, g, ARRAY['t' || g % 7],
       CASE WHEN g % 5 = 0 THEN 'Note ' || g END, timestamptz '2026-01-01' + g * interval '1 minute'
FROM generate_series(1, 5000) g;
UPDATE orders SET ref = 7 WHERE id IN (8, 9);
UPDATE orders SET ref = 11 WHERE id IN (12, 13, 14);
