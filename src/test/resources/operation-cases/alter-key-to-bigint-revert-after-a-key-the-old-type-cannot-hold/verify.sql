SELECT (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'id') = 'integer'
   AND (SELECT count(*) FROM t) = 2000 AND (SELECT v FROM t WHERE id = 7) = 'changed';
