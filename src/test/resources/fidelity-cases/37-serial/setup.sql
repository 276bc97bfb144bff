CREATE TABLE orders (id serial PRIMARY KEY, line_no smallserial, ext_no bigserial UNIQUE,
                     customer_id bigint NOT NULL, status text);
INSERT INTO orders (customer_id, status) SELECT g % 50, 'new' FROM generate_series(1, 300) g;
ALTER SEQUENCE orders_ext_no_seq INCREMENT BY 7 RESTART WITH 10000;
INSERT INTO orders (customer_id, status) SELECT g % 50, 'late' FROM generate_series(1, 20) g;
