CREATE TABLE orders (
  id bigint PRIMARY KEY,
  status text,
  note text
);
INSERT INTO orders SELECT g, 'new', CASE WHEN g % 3 = 0 THEN 'n' || g END FROM generate_series(1, 100) g;
CREATE MATERIALIZED VIEW orders_mv AS SELECT id, status FROM orders;
CREATE UNIQUE INDEX ON orders_mv (id);
