SELECT a.attnotnull AND (SELECT count(*) FROM "a.b"."c.d") = 50
FROM pg_attribute a
WHERE a.attrelid = '"a.b"."c.d"'::regclass AND a.attname = 'e.f';
