CREATE TABLE payment (payment_id bigint NOT NULL, paid date NOT NULL, method text, PRIMARY KEY (paid, payment_id)) PARTITION BY RANGE (paid);
CREATE TABLE payment_2024 PARTITION OF payment FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE payment_2025 PARTITION OF payment FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE payment_2026 PARTITION OF payment FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
INSERT INTO payment SELECT g, date '2024-01-01' + g % 1000, 'card' FROM generate_series(1, 3000) g;
UPDATE payment SET method = NULL WHERE paid >= '2025-01-01' AND paid < '2026-01-01' AND payment_id % 10 = 0;
