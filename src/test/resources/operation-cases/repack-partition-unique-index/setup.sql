CREATE TABLE tickets (id bigint NOT NULL, kind text NOT NULL, code text NOT NULL) PARTITION BY LIST (kind);
CREATE UNIQUE INDEX tickets_kind_code_key ON tickets (kind, code);
ALTER TABLE tickets ADD CONSTRAINT tickets_pkey PRIMARY KEY (id, kind);
CREATE TABLE tickets_a PARTITION OF tickets FOR VALUES IN ('a');
CREATE TABLE tickets_b PARTITION OF tickets FOR VALUES IN ('b');
INSERT INTO tickets SELECT g, (ARRAY['a', 'b'])[1 + g % 2], 'c' || g FROM generate_series(1, 2000) g;
