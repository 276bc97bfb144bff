CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(0, 49) g;
CREATE TABLE currencies (code text PRIMARY KEY);
INSERT INTO currencies VALUES ('EUR'), ('USD');
CREATE TABLE orders (id bigserial PRIMARY KEY,
                     customer_id bigint NOT NULL REFERENCES customers ON DELETE RESTRICT,
                     currency text NOT NULL DEFAULT 'EUR' CONSTRAINT orders_currency_fk REFERENCES currencies ON UPDATE CASCADE,
                     status text, amount numeric(10,2) NOT NULL DEFAULT 0);
INSERT INTO orders (customer_id, currency, status, amount)
SELECT g % 50, CASE WHEN g % 7 = 0 THEN 'USD' ELSE 'EUR' END, 'new', g FROM generate_series(1, 300) g;
