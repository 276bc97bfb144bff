CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text);
INSERT INTO orders (customer_id, status, amount, note)
SELECT g % 50, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g * 1.5, 'n' || g FROM generate_series(1, 300) g;

CREATE TABLE payments (id bigint PRIMARY KEY,
                       order_id bigint REFERENCES orders DEFERRABLE INITIALLY DEFERRED);
INSERT INTO payments SELECT g, g FROM generate_series(1, 100) g;
CREATE TABLE refunds (id bigint PRIMARY KEY,
                      order_id bigint CONSTRAINT refund_order REFERENCES orders DEFERRABLE INITIALLY IMMEDIATE);
INSERT INTO refunds SELECT g, g FROM generate_series(1, 10) g;
