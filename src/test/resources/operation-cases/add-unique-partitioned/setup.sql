CREATE TABLE bookings (region text NOT NULL, ref bigint NOT NULL, note text) PARTITION BY LIST (region);
CREATE TABLE bookings_eu PARTITION OF bookings FOR VALUES IN ('eu');
CREATE TABLE bookings_us PARTITION OF bookings FOR VALUES IN ('us');
INSERT INTO bookings SELECT CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END, g, 'n' FROM generate_series(1, 4000) g;
-- one partition already has a unique index on the columns (no constraint): it becomes that partition's constraint
CREATE UNIQUE INDEX bookings_us_by_ref ON bookings_us (ref, region);
