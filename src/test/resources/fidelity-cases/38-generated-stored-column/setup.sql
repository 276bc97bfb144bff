CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, amount numeric(10,2) NOT NULL,
                     vat numeric GENERATED ALWAYS AS (round(amount * 0.2, 2)) STORED,
                     label text GENERATED ALWAYS AS ('order ' || id) STORED);
INSERT INTO orders (customer_id, amount) SELECT g % 50, g * 1.5 FROM generate_series(1, 300) g;
