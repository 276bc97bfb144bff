SELECT (SELECT status FROM t WHERE id = 10) = 'awaiting_customer_confirmation'
   AND (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'status')
       = 'character varying(50)';
