SELECT (SELECT array_agg(b.relname ORDER BY b.relname) FROM before_oids b WHERE to_regclass(quote_ident(b.relname))::oid IS DISTINCT FROM b.oid) = '{orders_status_idx}'
