SELECT a.attnotnull AND (SELECT count(*) FROM "My ""Quoted"" Table") = 50
FROM pg_attribute a
WHERE a.attrelid = '"My ""Quoted"" Table"'::regclass AND a.attname = 'status';
