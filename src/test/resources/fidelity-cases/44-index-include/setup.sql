CREATE TABLE orders (id bigserial PRIMARY KEY, ref text NOT NULL, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text, ref2 text);

INSERT INTO orders (ref, ref2, customer_id, status, amount, note)
SELECT 'R' || g, 'S' || g, g % 50, 'new', g, 'n' || g FROM generate_series(1, 300) g;
CREATE UNIQUE INDEX orders_ref_incl ON orders (ref) INCLUDE (status, amount);
ALTER TABLE orders ADD CONSTRAINT orders_ref2_key UNIQUE (ref2) INCLUDE (note);
CREATE INDEX orders_status_c_idx ON orders (status COLLATE "C" DESC NULLS FIRST) INCLUDE (customer_id);
