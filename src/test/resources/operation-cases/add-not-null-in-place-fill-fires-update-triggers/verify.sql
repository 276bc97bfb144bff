SELECT (SELECT count(*) FROM audit_log) = 100 AND (SELECT count(*) FROM audited WHERE note IS NULL) = 0 AS t
