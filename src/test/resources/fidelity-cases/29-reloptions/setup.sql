CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text, note text)
  WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_threshold = 500,
        autovacuum_enabled = false, toast.autovacuum_enabled = false, parallel_workers = 2);
INSERT INTO orders (customer_id, status, note) SELECT g % 50, 'new', repeat('x', g) FROM generate_series(1, 300) g;
CREATE INDEX orders_customer_idx ON orders (customer_id) WITH (fillfactor = 50, deduplicate_items = off);
