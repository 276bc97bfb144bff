CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text);
INSERT INTO orders (customer_id, status, amount, note)
SELECT g % 50, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g * 1.5, 'n' || g FROM generate_series(1, 300) g;

CREATE VIEW open_orders AS SELECT id, customer_id, status, amount FROM orders WHERE status <> 'shipped';
CREATE VIEW big_open_orders AS SELECT * FROM open_orders WHERE amount > 100;
CREATE VIEW customer_totals AS
  SELECT customer_id, count(*) AS n, sum(amount) AS total FROM big_open_orders GROUP BY customer_id;
