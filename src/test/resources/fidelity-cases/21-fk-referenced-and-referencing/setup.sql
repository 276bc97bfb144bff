CREATE TABLE customers (id bigint PRIMARY KEY, region text NOT NULL, UNIQUE (id, region));
INSERT INTO customers SELECT g, CASE WHEN g % 2 = 0 THEN 'north' ELSE 'south' END FROM generate_series(0, 49) g;
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, region text NOT NULL, status text,
                     CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id, region)
                       REFERENCES customers (id, region) MATCH FULL ON UPDATE CASCADE);
INSERT INTO orders (customer_id, region, status)
SELECT c.id, c.region, 'new' FROM generate_series(1, 300) g JOIN customers c ON c.id = g % 50;
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint REFERENCES orders ON DELETE SET NULL);
INSERT INTO invoices SELECT g, g FROM generate_series(1, 100) g;
