-- after a repack and a type change of the key, the identity sequence (a new one each time) has the
-- old one's privileges and comment, nothing from the default privileges, and continues numbering
SELECT (SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(c.relacl) a)
     = (SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest((SELECT acl FROM before_seq)::aclitem[]) a)
   AND obj_description(c.oid, 'pg_class') = 'ids of t'
   AND pg_get_serial_sequence('t', 'id') = 'public.t_id_seq'
   AND (SELECT last_value FROM t_id_seq) = 2000
FROM pg_class c WHERE c.relname = 't_id_seq'
