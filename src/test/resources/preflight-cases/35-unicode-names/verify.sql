SELECT a.attnotnull AND (SELECT count(*) FROM ventes."Bestell📦übersicht") = 50
FROM pg_attribute a
WHERE a.attrelid = 'ventes."Bestell📦übersicht"'::regclass AND a.attname = 'état';
