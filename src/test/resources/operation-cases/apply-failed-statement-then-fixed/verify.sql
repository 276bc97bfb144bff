SELECT count(*) = 1 AND to_regclass('audit_what_idx') IS NOT NULL AS t FROM audit
