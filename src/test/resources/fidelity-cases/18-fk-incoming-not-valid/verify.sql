SELECT NOT convalidated FROM pg_constraint WHERE conname = 'legacy_refs_order_fk'
