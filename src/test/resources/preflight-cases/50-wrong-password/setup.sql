CREATE TABLE orders (
  id bigint PRIMARY KEY,
  status text,
  note text
);
INSERT INTO orders SELECT g, 'new', CASE WHEN g % 3 = 0 THEN 'n' || g END FROM generate_series(1, 100) g;
DO $$ BEGIN CREATE ROLE pgswap_case_pw50 LOGIN PASSWORD '${ROLE_PASSWORD}' IN ROLE pgswap_pwcheck; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
