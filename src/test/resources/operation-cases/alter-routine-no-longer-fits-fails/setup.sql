-- an SQL function returns the row type and reads a column the change drops: it cannot be created
-- again for the new table, so the swap fails, naming it, and the table stays as it was
CREATE TABLE customer (customer_id int PRIMARY KEY, name text, extra int);
INSERT INTO customer SELECT g, 'n' || g, g FROM generate_series(1, 100) g;
CREATE FUNCTION everyone() RETURNS SETOF customer LANGUAGE sql STABLE
    AS $$ SELECT customer_id, name, extra FROM customer $$;
