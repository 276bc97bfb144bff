CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, slot tsrange NOT NULL,
                     CONSTRAINT orders_no_overlap EXCLUDE USING gist (slot WITH &&));
INSERT INTO orders (customer_id, slot)
SELECT g % 50, tsrange(timestamp '2026-01-01' + g * interval '1 hour', timestamp '2026-01-01' + (g + 1) * interval '1 hour')
FROM generate_series(1, 300) g;
CREATE INDEX orders_slot_spgist ON orders USING spgist (slot);
CREATE INDEX orders_slot_gist ON orders USING gist (slot) WHERE customer_id < 10;
