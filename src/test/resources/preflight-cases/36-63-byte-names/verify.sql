SELECT a.attnotnull AND (SELECT count(*) FROM tabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijxy) = 50
FROM pg_attribute a
WHERE a.attrelid = 'public.tabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijxy'::regclass AND a.attname = 'c012345678901234567890123456789012345678901234567890123456789yz';
