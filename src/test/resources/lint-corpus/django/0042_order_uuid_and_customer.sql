--
-- Output of: python manage.py sqlmigrate shop 0042
--
BEGIN;
--
-- Add field uuid to order
--
ALTER TABLE "shop_order" ADD COLUMN "uuid" uuid DEFAULT gen_random_uuid() NOT NULL UNIQUE;
ALTER TABLE "shop_order" ALTER COLUMN "uuid" DROP DEFAULT;
--
-- Add field customer to order
--
ALTER TABLE "shop_order" ADD COLUMN "customer_id" bigint NULL;
CREATE INDEX "shop_order_customer_id_6f2b1c3d" ON "shop_order" ("customer_id");
ALTER TABLE "shop_order" ADD CONSTRAINT "shop_order_customer_id_6f2b1c3d_fk_shop_customer_id" FOREIGN KEY ("customer_id") REFERENCES "shop_customer" ("id") DEFERRABLE INITIALLY DEFERRED;
--
-- Alter field total on order
--
ALTER TABLE "shop_order" ALTER COLUMN "total" TYPE numeric(12, 2) USING "total"::numeric(12, 2);
COMMIT;
