CREATE TABLE dup_rejected AS SELECT false AS t;
DO $$ BEGIN
  INSERT INTO tickets VALUES (999999, 'a', 'c2');
EXCEPTION WHEN unique_violation THEN UPDATE dup_rejected SET t = true;
END $$;
