CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text);
INSERT INTO orders (customer_id, status, amount, note)
SELECT g % 50, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g * 1.5, 'n' || g FROM generate_series(1, 300) g;

-- column lists and row filters exist from PostgreSQL 15 on; before that, a plain membership
DO $$ BEGIN
  IF current_setting('server_version_num')::int >= 150000 THEN
    EXECUTE 'CREATE PUBLICATION big_orders FOR TABLE orders (id, status, amount) WHERE (id > 100)';
    EXECUTE 'CREATE SCHEMA reporting';
    EXECUTE 'CREATE PUBLICATION reporting_pub FOR TABLES IN SCHEMA reporting';
  ELSE
    EXECUTE 'CREATE PUBLICATION big_orders FOR TABLE orders';
  END IF;
END $$;
