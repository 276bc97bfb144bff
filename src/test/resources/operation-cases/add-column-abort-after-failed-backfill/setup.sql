CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 100) g;
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text, amount numeric(12,2) NOT NULL);
INSERT INTO orders SELECT g, 1 + g % 100, CASE WHEN g % 100 = 0 THEN NULL ELSE 'new' END, 1 + g % 100
FROM generate_series(1, 3000) g;
ANALYZE orders;

-- a volatile default that gives NULL after 1500 calls while broken is on: the run fails in its backfill
CREATE TABLE broken (on_ boolean NOT NULL);
INSERT INTO broken VALUES (true);
CREATE SEQUENCE calls;
CREATE FUNCTION next_code() RETURNS text VOLATILE LANGUAGE sql
AS $$ SELECT CASE WHEN nextval('calls') > 1500 AND (SELECT on_ FROM broken) THEN NULL ELSE md5(random()::text) END $$;
