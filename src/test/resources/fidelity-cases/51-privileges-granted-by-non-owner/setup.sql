DO $$ BEGIN CREATE ROLE pgswap_case_fid51_a; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgswap_case_fid51_b; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgswap_case_fid51_c; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE orders (id int PRIMARY KEY, status text, amount numeric);
INSERT INTO orders SELECT g, 'new', g FROM generate_series(1, 200) g;
-- a holds SELECT with the grant option and passes it on; b passes column access on to c
GRANT SELECT ON orders TO pgswap_case_fid51_a WITH GRANT OPTION;
GRANT UPDATE (status) ON orders TO pgswap_case_fid51_a WITH GRANT OPTION;
SET ROLE pgswap_case_fid51_a;
GRANT SELECT ON orders TO pgswap_case_fid51_b WITH GRANT OPTION;
GRANT UPDATE (status) ON orders TO pgswap_case_fid51_b;
RESET ROLE;
SET ROLE pgswap_case_fid51_b;
GRANT SELECT ON orders TO pgswap_case_fid51_c;
RESET ROLE;
