CREATE SCHEMA "Sales Dept";
CREATE TABLE "Sales Dept"."order items" (id bigint PRIMARY KEY, "line status" text);
INSERT INTO "Sales Dept"."order items" SELECT g, 'x' || g FROM generate_series(1, 50) g;
