SELECT a.attgenerated = 'v' AND (SELECT sum(g2) FROM small) = 1001000
FROM pg_attribute a WHERE a.attrelid = 'small'::regclass AND a.attname = 'g2';
