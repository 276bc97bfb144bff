-- small: counted exactly; big (over 300 pages): estimated from a block sample
CREATE TABLE small (id bigint PRIMARY KEY, amount numeric(12,2) NOT NULL);
INSERT INTO small SELECT g, 1 + g % 100 FROM generate_series(1, 2000) g;
UPDATE small SET amount = -5 WHERE id IN (7, 70, 700);
CREATE TABLE customers (id bigint PRIMARY KEY);
INSERT INTO customers SELECT g FROM generate_series(1, 90) g;
CREATE TABLE big (id bigint PRIMARY KEY, customer_id bigint, amount numeric(12,2) NOT NULL, note text);
INSERT INTO big SELECT g, 1 + g % 100, CASE WHEN g % 10 = 0 THEN -1 ELSE 1 END, repeat('n', 40)
FROM generate_series(1, 100000) g;
ANALYZE big;
