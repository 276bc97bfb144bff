SELECT count(*) = 3 FROM before_acl b JOIN pg_class c ON c.relname = b.relname AND c.relkind IN ('r', 'm')
WHERE (SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(coalesce(c.relacl, acldefault('r', c.relowner))) a)
    = (SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(b.acl::aclitem[]) a)
