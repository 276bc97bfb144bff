DO $$ BEGIN CREATE ROLE pgswap_case_fid71_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text);
INSERT INTO orders (customer_id, status, amount, note)
SELECT g % 50, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g * 1.5, 'n' || g FROM generate_series(1, 300) g;

CREATE MATERIALIZED VIEW order_totals AS
  SELECT customer_id, count(*) AS n, sum(amount) AS total FROM orders GROUP BY customer_id;
CREATE UNIQUE INDEX order_totals_customer ON order_totals (customer_id);
CREATE INDEX order_totals_total ON order_totals (total DESC);
COMMENT ON MATERIALIZED VIEW order_totals IS 'refreshed nightly';
GRANT SELECT ON order_totals TO pgswap_case_fid71_reader;
-- one not populated yet, in another schema: it stays unpopulated
CREATE SCHEMA reporting;
CREATE MATERIALIZED VIEW reporting.order_statuses WITH (fillfactor = 90) AS
  SELECT status, count(*) AS n FROM orders GROUP BY status WITH NO DATA;
