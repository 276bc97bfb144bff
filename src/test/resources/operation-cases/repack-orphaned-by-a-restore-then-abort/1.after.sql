-- what a restore into another database leaves: the same objects, the table under a new OID
UPDATE pgswap.migrations SET table_oid = 1;
INSERT INTO t VALUES (5000, 'after', 1);
