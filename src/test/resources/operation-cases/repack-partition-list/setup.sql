CREATE TABLE events (id bigint NOT NULL, region text NOT NULL, payload text, PRIMARY KEY (region, id)) PARTITION BY LIST (region);
CREATE TABLE events_eu PARTITION OF events FOR VALUES IN ('de', 'fr', 'it');
CREATE TABLE events_us PARTITION OF events FOR VALUES IN ('us');
INSERT INTO events SELECT g, (ARRAY['de', 'fr', 'it', 'us'])[1 + g % 4], md5(g::text) FROM generate_series(1, 4000) g;
CREATE VIEW eu_events AS SELECT id, payload FROM events WHERE region IN ('de', 'fr');
CREATE TABLE expected AS SELECT * FROM events;
