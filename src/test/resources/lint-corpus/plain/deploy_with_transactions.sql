-- A hand-written deploy script: explicit transactions, psql style.
BEGIN;
ALTER TABLE orders ADD COLUMN discount numeric(10, 2);
ALTER TABLE customers ADD COLUMN loyalty_tier text;
UPDATE customers SET loyalty_tier = 'basic';
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '1s';
ALTER TABLE orders ADD CONSTRAINT orders_discount_nonnegative CHECK (discount >= 0) NOT VALID;
LOCK TABLE customers, customer_notes IN ACCESS EXCLUSIVE MODE;
CREATE INDEX CONCURRENTLY orders_discount_idx ON orders (discount);
COMMIT;

START TRANSACTION;
SET LOCAL lock_timeout = '1s';
ALTER TABLE orders VALIDATE CONSTRAINT orders_discount_nonnegative;
ALTER TABLE orders ADD CONSTRAINT orders_status_nn CHECK (status IS NOT NULL) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_status_nn;
ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
ALTER TABLE orders ALTER COLUMN discount TYPE numeric(14, 2);
END;
