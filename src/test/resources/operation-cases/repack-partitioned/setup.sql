CREATE TABLE customer (customer_id integer PRIMARY KEY);
INSERT INTO customer SELECT generate_series(1, 20);
CREATE TABLE payment (payment_id bigserial, customer_id integer NOT NULL REFERENCES customer, amount numeric NOT NULL,
                      payment_date date NOT NULL, PRIMARY KEY (payment_date, payment_id)) PARTITION BY RANGE (payment_date);
CREATE TABLE payment_p2022 PARTITION OF payment FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');
CREATE TABLE payment_p2023 PARTITION OF payment FOR VALUES FROM ('2023-01-01') TO ('2024-01-01') PARTITION BY RANGE (payment_date);
CREATE TABLE payment_p2023_h1 PARTITION OF payment_p2023 FOR VALUES FROM ('2023-01-01') TO ('2023-07-01');
CREATE TABLE payment_p2023_h2 PARTITION OF payment_p2023 DEFAULT;
CREATE TABLE payment_rest PARTITION OF payment DEFAULT;
CREATE VIEW payment_totals AS SELECT customer_id, sum(amount) AS total FROM payment GROUP BY customer_id;
INSERT INTO payment (customer_id, amount, payment_date) SELECT 1 + g % 20, g % 100, date '2021-12-01' + g % 800 FROM generate_series(1, 5000) g;
CREATE TABLE expected AS SELECT * FROM payment;
