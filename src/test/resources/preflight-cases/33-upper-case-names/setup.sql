CREATE SCHEMA "Sales";
CREATE TABLE "Sales"."Orders" ("Id" bigint PRIMARY KEY, "Status" text);
INSERT INTO "Sales"."Orders" SELECT g, 'x' || g FROM generate_series(1, 50) g;
