-- Rails: rails db:migrate runs this migration (the SQL it sends) in one transaction.
--
--   class AddStatusToOrders < ActiveRecord::Migration[7.1]
--     def change
--       add_column :orders, :status, :string, default: "pending"
--       change_column_null :orders, :status, false
--       add_index :orders, :status
--     end
--   end
ALTER TABLE "orders" ADD "status" character varying DEFAULT 'pending';
UPDATE "orders" SET "status" = 'pending' WHERE "status" IS NULL;
ALTER TABLE "orders" ALTER COLUMN "status" SET NOT NULL;
CREATE INDEX "index_orders_on_status" ON "orders" ("status");
INSERT INTO "schema_migrations" ("version") VALUES ('20240105120000') RETURNING "version";
