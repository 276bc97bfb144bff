CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY (START WITH 1000 INCREMENT BY 10) PRIMARY KEY,
                     customer_id bigint NOT NULL, status text);
INSERT INTO orders (customer_id, status) SELECT g % 50, 'new' FROM generate_series(1, 300) g;
