CREATE TABLE events (id bigint, status text, PRIMARY KEY (id)) PARTITION BY RANGE (id);
CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM (0) TO (1000);
CREATE TABLE notes (id bigint PRIMARY KEY, event_id bigint REFERENCES events);
INSERT INTO events SELECT g, 'x' FROM generate_series(1, 10) g;
INSERT INTO notes SELECT g, g FROM generate_series(1, 10) g;
