DO $$ BEGIN CREATE ROLE pgswap_case_apply_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
GRANT CREATE ON SCHEMA public TO pgswap_case_apply_owner;
CREATE TABLE counter (n int NOT NULL);
INSERT INTO counter VALUES (0);
