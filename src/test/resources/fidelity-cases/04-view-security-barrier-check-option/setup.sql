CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text);
INSERT INTO orders (customer_id, status, amount, note)
SELECT g % 50, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g * 1.5, 'n' || g FROM generate_series(1, 300) g;

CREATE VIEW new_orders WITH (security_barrier) AS
  SELECT id, customer_id, status, amount FROM orders WHERE status = 'new'
  WITH CASCADED CHECK OPTION;
CREATE VIEW new_small_orders AS SELECT * FROM new_orders WHERE amount < 100 WITH LOCAL CHECK OPTION;
