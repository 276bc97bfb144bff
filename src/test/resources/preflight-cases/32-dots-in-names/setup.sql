CREATE SCHEMA "a.b";
CREATE TABLE "a.b"."c.d" (id bigint PRIMARY KEY, "e.f" text);
INSERT INTO "a.b"."c.d" SELECT g, 'x' || g FROM generate_series(1, 50) g;
