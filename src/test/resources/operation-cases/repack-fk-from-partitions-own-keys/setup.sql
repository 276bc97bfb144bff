-- as in pagila: the foreign keys are the partitions' own, not the partitioned table's
CREATE TABLE staff (staff_id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO staff SELECT g, 's' || g FROM generate_series(1, 10) g;
CREATE TABLE payment (payment_id bigint NOT NULL, staff_id integer NOT NULL, paid date NOT NULL,
                      PRIMARY KEY (paid, payment_id)) PARTITION BY RANGE (paid);
CREATE TABLE payment_2024 PARTITION OF payment FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE payment_2025 PARTITION OF payment FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE payment_2024 ADD CONSTRAINT payment_2024_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES staff;
ALTER TABLE payment_2025 ADD CONSTRAINT payment_2025_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES staff;
INSERT INTO payment SELECT g, 1 + g % 10, date '2024-01-01' + g % 700 FROM generate_series(1, 3000) g;
