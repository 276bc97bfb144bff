CREATE TEMPORARY TABLE tmp_orders (id bigint PRIMARY KEY, status text);
INSERT INTO tmp_orders SELECT g, 'x' FROM generate_series(1, 10) g;
SELECT pg_my_temp_schema()::regnamespace::text AS temp_schema;
