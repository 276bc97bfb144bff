SELECT a.attnotnull AND (SELECT count(*) FROM "éééééééééééééééééééééééééééééééx") = 50
FROM pg_attribute a
WHERE a.attrelid = 'public."éééééééééééééééééééééééééééééééx"'::regclass AND a.attname = 'status';
