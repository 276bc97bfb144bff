SET lock_timeout = '3s';
ALTER TABLE orders ADD COLUMN shipped boolean;
ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
BEGIN;
ALTER TABLE orders ADD COLUMN a int;
ROLLBACK;
VACUUM FULL orders;
