-- The same ADD COLUMN ... DEFAULT that is catalog-only from PostgreSQL 11 on rewrites the table on 10.
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN priority integer NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN archived boolean DEFAULT NULL;
ALTER TABLE orders ADD COLUMN flags text[] DEFAULT '{}';
