UPDATE pgswap.migrations SET table_oid = 1;
