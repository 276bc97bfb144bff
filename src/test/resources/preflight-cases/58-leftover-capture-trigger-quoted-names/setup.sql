CREATE SCHEMA "Sales";
CREATE TABLE "Sales"."Orders" (id bigint PRIMARY KEY, status text);
INSERT INTO "Sales"."Orders" SELECT g, 'x' FROM generate_series(1, 10) g;
CREATE FUNCTION leftover_capture() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER pgswap_capture_99 AFTER INSERT OR UPDATE OR DELETE ON "Sales"."Orders"
  FOR EACH ROW EXECUTE FUNCTION leftover_capture();
