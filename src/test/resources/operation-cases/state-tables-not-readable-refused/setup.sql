DO $$ BEGIN CREATE ROLE pgswap_case_state_user; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE items (id bigint PRIMARY KEY, name text);
INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 100) g;
ALTER TABLE items OWNER TO pgswap_case_state_user;
