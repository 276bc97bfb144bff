-- the database's own settings, as psql sessions see them; pgswap's JVM runs in another zone (1.env)
DO $$ BEGIN
  EXECUTE format('ALTER DATABASE %I SET timezone = %L', current_database(), 'America/New_York');
  EXECUTE format('ALTER DATABASE %I SET datestyle = %L', current_database(), 'SQL, DMY');
END $$;
CREATE TABLE ev (id int PRIMARY KEY, at timestamp, d date, s text);
INSERT INTO ev VALUES (1, '2024-06-01 12:00', '2024-06-01', '01/02/2024');
