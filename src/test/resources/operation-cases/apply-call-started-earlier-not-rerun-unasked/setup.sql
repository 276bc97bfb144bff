CREATE TABLE counter (n int NOT NULL);
INSERT INTO counter VALUES (0);
-- commits its first part, then fails the first time it runs
CREATE PROCEDURE bump() LANGUAGE plpgsql AS $$
BEGIN
  UPDATE counter SET n = n + 1;
  COMMIT;
  IF (SELECT n FROM counter) = 1 THEN
    RAISE EXCEPTION 'bump: second part failed';
  END IF;
  UPDATE counter SET n = n + 10;
END $$;
