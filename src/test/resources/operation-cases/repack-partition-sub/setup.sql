CREATE TABLE orders (id bigint NOT NULL, shop integer NOT NULL, placed date NOT NULL, total numeric,
                     PRIMARY KEY (shop, placed, id)) PARTITION BY LIST (shop);
CREATE TABLE orders_shop1 PARTITION OF orders FOR VALUES IN (1) PARTITION BY RANGE (placed);
CREATE TABLE orders_shop1_2024 PARTITION OF orders_shop1 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE orders_shop1_2025 PARTITION OF orders_shop1 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE orders_other PARTITION OF orders FOR VALUES IN (2, 3);
CREATE INDEX orders_total_idx ON orders (total);
INSERT INTO orders SELECT g, 1 + g % 3, date '2024-01-01' + g % 700, g FROM generate_series(1, 5000) g;
CREATE TABLE expected AS SELECT * FROM orders;
