CREATE TABLE payment (payment_id bigint NOT NULL, paid date NOT NULL, method text, PRIMARY KEY (paid, payment_id)) PARTITION BY RANGE (paid);
CREATE TABLE payment_2024 PARTITION OF payment FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE payment_2025 PARTITION OF payment FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
INSERT INTO payment SELECT g, date '2024-01-01' + g % 700, CASE WHEN g % 5 > 0 THEN 'card' END FROM generate_series(1, 3000) g;
UPDATE payment SET method = 'cash' WHERE method IS NULL AND paid < '2025-01-01';
