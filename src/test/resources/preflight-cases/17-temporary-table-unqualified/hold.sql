CREATE TEMPORARY TABLE tmp_orders (id bigint PRIMARY KEY, status text);
SELECT pg_my_temp_schema()::regnamespace::text AS temp_schema;
