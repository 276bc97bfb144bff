CREATE TABLE events (id bigint, status text, PRIMARY KEY (id)) PARTITION BY RANGE (id);
CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM (0) TO (1000);
INSERT INTO events SELECT g, 'x' FROM generate_series(1, 10) g;
