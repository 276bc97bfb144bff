-- changed while the shadow is kept in sync
ALTER TABLE t ALTER COLUMN payload SET COMPRESSION pglz;
