SELECT NOT EXISTS (SELECT 1 FROM pg_index WHERE indrelid = 'orders'::regclass AND NOT indisvalid) AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname ~ '_cc(new|old)')
   AND (SELECT array_agg(b.relname ORDER BY b.relname) FROM before_oids b WHERE to_regclass(quote_ident(b.relname))::oid IS DISTINCT FROM b.oid) = '{orders_customer_id_idx,orders_ref_key}'
