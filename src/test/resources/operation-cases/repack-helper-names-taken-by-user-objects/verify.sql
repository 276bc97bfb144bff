SELECT (SELECT count(*) FROM pgswap_shadow_1) = 3 AND obj_description('pgswap_shadow_1'::regclass, 'pg_class') = 'my own table'
   AND to_regclass('pgswap_old_2_t') IS NOT NULL AND to_regclass('pgswap_3_i0') IS NOT NULL
   AND (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'x') = 'bigint'
   AND (SELECT count(*) FROM t) = 2000
   AND (SELECT array_agg(id ORDER BY id) FROM pgswap.migrations) = '{4}'
