-- not reverted: the column is still bigint, and status ended the window (its trigger and log are gone)
SELECT (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'a') = 'bigint'
   AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname LIKE 'pgswap%')
