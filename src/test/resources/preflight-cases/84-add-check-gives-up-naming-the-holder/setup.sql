-- an idle transaction that read orders holds ACCESS SHARE for the whole run: ADD CONSTRAINT ... NOT VALID
-- (ACCESS EXCLUSIVE) never gets its lock within --lock-retry, and the give-up names who is in the way
CREATE TABLE orders (id bigint PRIMARY KEY, amount numeric);
INSERT INTO orders SELECT g, g FROM generate_series(1, 100) g;
