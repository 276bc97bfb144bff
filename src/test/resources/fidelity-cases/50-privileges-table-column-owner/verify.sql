SELECT pg_get_userbyid(relowner) = 'pgswap_case_fid50_owner' FROM pg_class WHERE oid = 'orders'::regclass
