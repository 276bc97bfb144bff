-- a view reads a function returning the row type: dropping the function would drop the view
CREATE TABLE customer (customer_id int PRIMARY KEY, name text);
INSERT INTO customer SELECT g, 'n' || g FROM generate_series(1, 100) g;
CREATE FUNCTION all_customers() RETURNS SETOF customer LANGUAGE sql STABLE AS $$ SELECT * FROM customer $$;
CREATE VIEW customer_report AS SELECT customer_id FROM all_customers();
