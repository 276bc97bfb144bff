-- pagila's shape: a function returns SETOF customer; a swap and its revert both carry it over
CREATE TABLE customer (customer_id int PRIMARY KEY, email text);
INSERT INTO customer SELECT g, CASE WHEN g % 10 <> 0 THEN 'e' || g END FROM generate_series(1, 1000) g;
CREATE FUNCTION with_email() RETURNS SETOF customer LANGUAGE sql STABLE
    AS $$ SELECT * FROM customer WHERE email IS NOT NULL $$;
