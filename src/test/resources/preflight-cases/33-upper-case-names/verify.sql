SELECT a.attnotnull AND (SELECT count(*) FROM "Sales"."Orders") = 50
FROM pg_attribute a
WHERE a.attrelid = '"Sales"."Orders"'::regclass AND a.attname = 'Status';
