-- the revert converts the rows written in the window back in the zone the migration started with
SELECT NOT EXISTS (SELECT 1 FROM t JOIN t_orig o USING (id) WHERE t.created_at <> o.created_at)
   AND (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'created_at')
       = 'timestamp without time zone'
   AND (SELECT note FROM t WHERE id = 10) = 'touched';
