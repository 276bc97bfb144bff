CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text);
INSERT INTO orders (customer_id, status, amount, note)
SELECT g % 50, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g * 1.5, 'n' || g FROM generate_series(1, 300) g;

CREATE TABLE legacy_refs (id bigint PRIMARY KEY, order_id bigint);
-- every tenth row points at no order: the foreign key cannot be validated
INSERT INTO legacy_refs SELECT g, CASE WHEN g % 10 = 0 THEN 1000000 + g ELSE g END FROM generate_series(1, 100) g;
ALTER TABLE legacy_refs ADD CONSTRAINT legacy_refs_order_fk FOREIGN KEY (order_id) REFERENCES orders NOT VALID;
