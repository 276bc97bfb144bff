DO $$ BEGIN CREATE ROLE pgswap_case_fid46_owner; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE SCHEMA stats;
GRANT USAGE, CREATE ON SCHEMA stats TO pgswap_case_fid46_owner;
CREATE TABLE orders (id bigserial PRIMARY KEY, city text, zip text, status text, amount numeric NOT NULL);
INSERT INTO orders (city, zip, status, amount)
SELECT 'c' || g % 20, 'z' || g % 20, (ARRAY['new', 'paid'])[g % 2 + 1], g FROM generate_series(1, 500) g;
CREATE STATISTICS orders_city_zip (ndistinct, dependencies) ON city, zip FROM orders;
ALTER STATISTICS orders_city_zip SET STATISTICS 500;
COMMENT ON STATISTICS orders_city_zip IS 'city and zip go together';
CREATE STATISTICS stats."Orders by lower city" ON lower(city), status FROM orders;
ALTER STATISTICS stats."Orders by lower city" OWNER TO pgswap_case_fid46_owner;
CREATE STATISTICS orders_amount_expr ON (amount * 2) FROM orders;
CREATE STATISTICS orders_mcv (mcv) ON status, zip FROM orders;
ANALYZE orders;
