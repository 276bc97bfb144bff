-- python manage.py sqlmigrate shop 0043 (atomic = False: no BEGIN/COMMIT)
--
-- Rename field note on order to notes
--
ALTER TABLE "shop_order" RENAME COLUMN "note" TO "notes";
--
-- Remove field legacy_code from order
--
ALTER TABLE "shop_order" DROP COLUMN "legacy_code" CASCADE;
--
-- Delete model OldCoupon
--
DROP TABLE "shop_oldcoupon" CASCADE;
--
-- Alter field id on order (AutoField to BigAutoField)
--
ALTER TABLE "shop_order" ALTER COLUMN "id" TYPE bigint USING "id"::bigint;
ALTER SEQUENCE IF EXISTS "shop_order_id_seq" AS bigint;
