CREATE TABLE orders (
  id bigint PRIMARY KEY,
  status text,
  note text
);
INSERT INTO orders SELECT g, 'new', CASE WHEN g % 3 = 0 THEN 'n' || g END FROM generate_series(1, 100) g;
