DO $$ BEGIN CREATE ROLE pgswap_case_r1; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgswap_case_r2; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE small (id int PRIMARY KEY, v text) WITH (fillfactor = 90, autovacuum_enabled = true);
INSERT INTO small SELECT g, 'v' || g FROM generate_series(1, 5000) g;
GRANT SELECT ON small TO pgswap_case_r1;
GRANT SELECT ON small TO pgswap_case_r2;
GRANT UPDATE (v) ON small TO pgswap_case_r1;
GRANT UPDATE (v) ON small TO pgswap_case_r2;
