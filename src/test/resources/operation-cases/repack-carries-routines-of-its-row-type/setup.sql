-- as in pagila: a function RETURNS SETOF customer, and others tied to the row type
DO $$ BEGIN CREATE ROLE pgswap_case_routine_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgswap_case_routine_caller; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE customer (customer_id serial PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL,
                       active boolean NOT NULL DEFAULT true);
INSERT INTO customer (first_name, last_name, active)
SELECT 'f' || g, 'l' || g, g % 5 <> 0 FROM generate_series(1, 2000) g;
CREATE FUNCTION rewards_report(min_id integer, max_id integer) RETURNS SETOF customer
    LANGUAGE plpgsql SECURITY DEFINER AS $body$
DECLARE
    c customer%ROWTYPE;
BEGIN
    FOR c IN SELECT * FROM customer WHERE customer_id BETWEEN min_id AND max_id LOOP
        RETURN NEXT c;
    END LOOP;
END
$body$;
COMMENT ON FUNCTION rewards_report(integer, integer) IS 'who earned a reward';
REVOKE ALL ON FUNCTION rewards_report(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rewards_report(integer, integer) TO pgswap_case_routine_caller;
CREATE FUNCTION full_name(c customer) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT c.first_name || ' ' || c.last_name $$;
ALTER FUNCTION full_name(customer) OWNER TO pgswap_case_routine_owner;
CREATE FUNCTION customers_of(ids integer[]) RETURNS customer[] LANGUAGE sql STABLE
    AS $$ SELECT array_agg(c ORDER BY c.customer_id) FROM customer c WHERE c.customer_id = ANY (ids) $$;
-- (through EXECUTE: the JDBC driver cannot split a script with a BEGIN ATOMIC body in it)
DO $do$ BEGIN EXECUTE 'CREATE FUNCTION active_count() RETURNS bigint LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT count(*) FROM customer WHERE active;
END'; END $do$;
CREATE PROCEDURE deactivate(c customer) LANGUAGE sql AS $$ UPDATE customer SET active = false WHERE customer_id = c.customer_id $$;
CREATE TABLE routine_acl_before AS
SELECT p.proname, coalesce(p.proacl, acldefault('f', p.proowner))::text AS acl, pg_get_userbyid(p.proowner) AS owner,
       obj_description(p.oid, 'pg_proc') AS comment, pg_get_functiondef(p.oid) AS def
FROM pg_proc p WHERE p.proname IN ('rewards_report', 'full_name', 'customers_of', 'active_count', 'deactivate');
-- routines pgswap's role creates from now on get an extra grant: the swap must not leave it on them
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO pgswap_case_routine_owner;
