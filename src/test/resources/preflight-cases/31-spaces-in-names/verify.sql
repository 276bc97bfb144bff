SELECT a.attnotnull AND (SELECT count(*) FROM "Sales Dept"."order items") = 50
FROM pg_attribute a
WHERE a.attrelid = '"Sales Dept"."order items"'::regclass AND a.attname = 'line status';
