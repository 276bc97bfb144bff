-- the file's session settings hold for the statements pgswap runs for it, as they would in psql
SET TimeZone = 'America/New_York';
ALTER TABLE posts ALTER COLUMN created_at TYPE timestamptz USING created_at + interval '1 hour';
SET DateStyle = 'ISO, DMY';
ALTER TABLE posts ADD COLUMN ds text DEFAULT '01/02/2024';
ALTER TABLE posts ALTER COLUMN ds DROP DEFAULT;
ALTER TABLE posts ALTER COLUMN ds TYPE date USING ds::date;
SET TimeZone = 'Asia/Tokyo';
ALTER TABLE posts ADD COLUMN zone text DEFAULT to_char(clock_timestamp(), 'TZ');
