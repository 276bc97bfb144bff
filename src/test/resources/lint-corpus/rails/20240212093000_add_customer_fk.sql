-- Rails with disable_ddl_transaction!: every statement commits on its own.
--
--   class AddCustomerForeignKey < ActiveRecord::Migration[7.1]
--     disable_ddl_transaction!
--     def change
--       add_index :orders, :customer_id, algorithm: :concurrently
--       add_foreign_key :orders, :customers
--       add_reference :line_items, :shop, foreign_key: true, index: {algorithm: :concurrently}
--     end
--   end
SET lock_timeout = '5s';
SET statement_timeout = 0;
CREATE INDEX CONCURRENTLY "index_orders_on_customer_id" ON "orders" ("customer_id");
ALTER TABLE "orders" ADD CONSTRAINT "fk_rails_3dad120da9"
FOREIGN KEY ("customer_id")
  REFERENCES "customers" ("id");
ALTER TABLE "line_items" ADD "shop_id" bigint;
CREATE INDEX CONCURRENTLY "index_line_items_on_shop_id" ON "line_items" ("shop_id");
ALTER TABLE "line_items" ADD CONSTRAINT "fk_rails_6e1d2c4a0b" FOREIGN KEY ("shop_id") REFERENCES "shops" ("id") NOT VALID;
ALTER TABLE "line_items" VALIDATE CONSTRAINT "fk_rails_6e1d2c4a0b";
