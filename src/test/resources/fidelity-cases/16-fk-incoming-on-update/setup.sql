CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text);
INSERT INTO orders (customer_id, status, amount, note)
SELECT g % 50, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g * 1.5, 'n' || g FROM generate_series(1, 300) g;

CREATE TABLE shipments (id bigint PRIMARY KEY,
                        order_id bigint REFERENCES orders (id) ON UPDATE CASCADE ON DELETE SET NULL);
INSERT INTO shipments SELECT g, g FROM generate_series(1, 100) g;
CREATE TABLE invoices (id bigint PRIMARY KEY,
                       order_id bigint NOT NULL CONSTRAINT invoice_order REFERENCES orders ON UPDATE RESTRICT);
INSERT INTO invoices SELECT g, g + 100 FROM generate_series(1, 50) g;
