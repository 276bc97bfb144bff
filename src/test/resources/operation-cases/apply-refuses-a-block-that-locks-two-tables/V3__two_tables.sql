-- the seed's deadlock: two tables locked ACCESS EXCLUSIVE in one transaction
BEGIN;
ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
ALTER TABLE customers ADD COLUMN vip boolean;
ALTER TABLE orders ADD COLUMN carrier text;
COMMIT;
CREATE TABLE afterwards (id int);
