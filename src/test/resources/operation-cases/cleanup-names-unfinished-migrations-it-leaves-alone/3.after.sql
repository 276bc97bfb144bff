-- cleanup left the unfinished run's capture trigger in place
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'orders'::regclass AND tgname LIKE 'pgswap_capture_%') THEN
    RAISE EXCEPTION 'cleanup removed the capture trigger of an unfinished migration';
  END IF;
END $$;
