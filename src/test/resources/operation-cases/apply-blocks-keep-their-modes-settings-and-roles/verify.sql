SELECT (SELECT iso FROM shop.iso_a) = 'repeatable read' AND (SELECT iso FROM shop.iso_b) = 'serializable'
   AND (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'public.owned'::regclass) = 'pgswap_case_apply_owner'
   AND to_regclass('shop.after_resume') IS NOT NULL AND to_regclass('public.after_resume') IS NULL
   AND (SELECT count(*) FROM shop.needed) = 1
   AND (SELECT finished_at IS NOT NULL FROM pgswap.applied_files)
