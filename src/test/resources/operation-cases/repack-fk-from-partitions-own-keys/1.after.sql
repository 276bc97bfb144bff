CREATE TABLE fk_holds AS SELECT false AS t;
DO $$ BEGIN
  INSERT INTO payment VALUES (99999, 42, '2025-03-01');
EXCEPTION WHEN foreign_key_violation THEN UPDATE fk_holds SET t = true;
END $$;
