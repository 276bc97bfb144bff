CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id integer NOT NULL, status text);
INSERT INTO orders (customer_id, status) SELECT g % 50, 'new' FROM generate_series(1, 300) g;
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_customer ON orders USING (customer_id = 7);
