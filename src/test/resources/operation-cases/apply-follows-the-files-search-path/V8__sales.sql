SET search_path = sales, public;
ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
ALTER TABLE orders ADD CONSTRAINT orders_customer_known CHECK (customer_id >= 0);
