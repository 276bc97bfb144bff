CREATE TABLE orders (
  id bigint PRIMARY KEY,
  status text,
  note text
);
INSERT INTO orders SELECT g, 'new', CASE WHEN g % 3 = 0 THEN 'n' || g END FROM generate_series(1, 100) g;
DO $$ BEGIN CREATE ROLE pgswap_case_owner46 NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgswap_case_app46 LOGIN PASSWORD '${ROLE_PASSWORD}'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

ALTER TABLE orders OWNER TO pgswap_case_owner46;
GRANT SELECT, INSERT, UPDATE, DELETE ON orders TO pgswap_case_app46;
