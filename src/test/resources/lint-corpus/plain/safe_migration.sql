-- Every change here is done the careful way: nothing to report.
SET lock_timeout = '2s';
SET statement_timeout = '15min';
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (lower(email));
CREATE UNIQUE INDEX CONCURRENTLY users_email_key_idx ON users (email);
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key_idx;
ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_age_check;
ALTER TABLE users ADD COLUMN last_seen_at timestamptz;
ALTER TABLE users ALTER COLUMN last_seen_at SET DEFAULT now();
ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';
DROP INDEX CONCURRENTLY IF EXISTS users_old_idx;
REINDEX INDEX CONCURRENTLY users_email_idx;
ANALYZE users;
