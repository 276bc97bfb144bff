SELECT (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'id') = 'bigint'
   AND (SELECT format_type(seqtypid, NULL) = 'bigint' FROM pg_sequence WHERE seqrelid = 'orders_id_seq'::regclass)
   AND (SELECT count(*) = 2000 FROM orders)
