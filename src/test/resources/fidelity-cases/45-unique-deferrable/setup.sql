CREATE TABLE orders (id bigserial PRIMARY KEY, ref text NOT NULL, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text, seat int);

INSERT INTO orders (ref, customer_id, status, amount, seat)
SELECT 'R' || g, g % 50, 'new', g, g FROM generate_series(1, 300) g;
ALTER TABLE orders ADD CONSTRAINT orders_ref_key UNIQUE (ref) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE orders ADD CONSTRAINT orders_seat_key UNIQUE (seat) DEFERRABLE INITIALLY IMMEDIATE;
