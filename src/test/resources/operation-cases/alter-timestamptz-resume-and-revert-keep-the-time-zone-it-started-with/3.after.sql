DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM t JOIN t_orig o USING (id) WHERE t.created_at <> (o.created_at AT TIME ZONE 'Asia/Kolkata')) THEN
    RAISE EXCEPTION 'rows converted in another time zone than Asia/Kolkata';
  END IF;
END $$;
UPDATE t SET note = 'touched' WHERE id = 10;
