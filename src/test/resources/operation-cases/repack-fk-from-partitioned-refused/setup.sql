CREATE TABLE customer (customer_id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO customer SELECT g, 'c' || g FROM generate_series(1, 100) g;
CREATE TABLE payment (payment_id bigint NOT NULL, customer_id integer NOT NULL REFERENCES customer ON DELETE CASCADE,
                      paid date NOT NULL, PRIMARY KEY (paid, payment_id)) PARTITION BY RANGE (paid);
CREATE TABLE payment_2024 PARTITION OF payment FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE payment_2025 PARTITION OF payment FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
INSERT INTO payment SELECT g, 1 + g % 100, date '2024-01-01' + g % 700 FROM generate_series(1, 3000) g;
