DO $$ BEGIN CREATE ROLE pgswap_case_fid08_viewonly; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgswap_case_fid08_tabletoo; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text);
INSERT INTO orders (customer_id, status, amount, note)
SELECT g % 50, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g * 1.5, 'n' || g FROM generate_series(1, 300) g;

-- security_invoker exists from PostgreSQL 15 on; before that the view runs as its owner
DO $$ BEGIN
  IF current_setting('server_version_num')::int >= 150000 THEN
    EXECUTE 'CREATE VIEW my_orders WITH (security_invoker = true) AS SELECT id, status FROM orders';
  ELSE
    EXECUTE 'CREATE VIEW my_orders AS SELECT id, status FROM orders';
  END IF;
END $$;
GRANT SELECT ON my_orders TO pgswap_case_fid08_viewonly, pgswap_case_fid08_tabletoo;
GRANT SELECT ON orders TO pgswap_case_fid08_tabletoo;
