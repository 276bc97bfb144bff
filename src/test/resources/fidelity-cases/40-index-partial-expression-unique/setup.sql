CREATE TABLE orders (id bigserial PRIMARY KEY, ref text NOT NULL, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text);

INSERT INTO orders (ref, customer_id, status, amount, note)
SELECT 'R' || g, g % 50, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1], g, 'Note ' || g FROM generate_series(1, 300) g;
CREATE INDEX orders_open_idx ON orders (customer_id) WHERE status <> 'shipped';
CREATE INDEX orders_lower_note_idx ON orders (lower(note));
CREATE INDEX orders_multi_idx ON orders (customer_id DESC NULLS LAST, (amount * 2), status text_pattern_ops);
CREATE UNIQUE INDEX orders_ref_uq ON orders (ref);
CREATE UNIQUE INDEX orders_one_paid_note ON orders (lower(note)) WHERE status = 'paid';
ALTER TABLE orders CLUSTER ON orders_ref_uq;
