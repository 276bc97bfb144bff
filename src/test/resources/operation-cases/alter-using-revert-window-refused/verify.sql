SELECT (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'id') = 'integer'
   AND (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'payload') = 'text'
   AND (SELECT count(*) FROM t) = 50
