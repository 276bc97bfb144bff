-- Demo data for docker-compose.yml: run once by the postgres image on first start.
CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL,
  status text,
  amount numeric(12,2) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  note text
);
INSERT INTO orders (customer_id, status, amount, created_at, note)
SELECT g % 9973,
       CASE WHEN g % 100 = 0 THEN NULL ELSE (ARRAY['new', 'paid', 'shipped', 'delivered'])[g % 4 + 1] END,
       (g % 10000) * 1.25,
       timestamptz '2026-01-01' + g * interval '1 second',
       CASE WHEN g % 3 = 0 THEN 'note ' || g END
FROM generate_series(1, 1000000) g;
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE INDEX orders_created_at_idx ON orders (created_at);
ANALYZE orders;
