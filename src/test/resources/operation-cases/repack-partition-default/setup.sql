CREATE TABLE readings (sensor integer NOT NULL, taken date NOT NULL, value real, PRIMARY KEY (sensor, taken)) PARTITION BY RANGE (taken);
CREATE TABLE readings_2024 PARTITION OF readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE readings_rest PARTITION OF readings DEFAULT;
INSERT INTO readings SELECT 1 + g % 20, date '2023-06-01' + g / 20, g FROM generate_series(1, 6000) g;
CREATE TABLE expected AS SELECT * FROM readings;
