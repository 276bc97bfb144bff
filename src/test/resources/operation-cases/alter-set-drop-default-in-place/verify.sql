SELECT pg_get_expr(adbin, adrelid) = '''new''::character varying' AND (SELECT recipe = 'in-place' AND phase = 'done' FROM pgswap.migrations)
FROM pg_attrdef WHERE adrelid = 'orders'::regclass AND adnum = 4
