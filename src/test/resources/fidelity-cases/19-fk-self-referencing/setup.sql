CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text,
                     parent_id bigint REFERENCES orders (id) ON DELETE CASCADE);
INSERT INTO orders (customer_id, status) SELECT g % 50, 'new' FROM generate_series(1, 300) g;
-- chains of ten: 1 <- 2 <- ... <- 10, 11 <- 12 <- ...
UPDATE orders SET parent_id = id - 1 WHERE id % 10 <> 1;
