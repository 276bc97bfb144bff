DO $$ BEGIN CREATE ROLE pgswap_case_fid50_owner; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgswap_case_fid50_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgswap_case_fid50_auditor; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgswap_case_fid50_writer; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text);
INSERT INTO orders (customer_id, status, amount, note)
SELECT g % 50, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g * 1.5, 'n' || g FROM generate_series(1, 300) g;

ALTER TABLE orders OWNER TO pgswap_case_fid50_owner;
REVOKE DELETE, TRUNCATE ON orders FROM pgswap_case_fid50_owner;
GRANT SELECT ON orders TO pgswap_case_fid50_reader WITH GRANT OPTION;
GRANT SELECT (id, status), UPDATE (status) ON orders TO pgswap_case_fid50_auditor;
GRANT INSERT, SELECT ON orders TO pgswap_case_fid50_writer;
GRANT USAGE ON SEQUENCE orders_id_seq TO pgswap_case_fid50_writer;
GRANT REFERENCES (customer_id) ON orders TO PUBLIC;
