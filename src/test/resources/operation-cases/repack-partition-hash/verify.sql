SELECT NOT EXISTS (SELECT * FROM accounts_1 EXCEPT SELECT * FROM expected)
   AND (SELECT count(*) FROM accounts_1) = (SELECT count(*) FROM expected)
   AND (SELECT count(*) FROM accounts) = 3000
   AND (SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE oid = 'accounts_1'::regclass) = 'FOR VALUES WITH (modulus 3, remainder 1)'
   AND (SELECT count(*) FROM pg_inherits WHERE inhparent = 'accounts_pkey'::regclass) = 3
