CREATE SCHEMA crm;
CREATE TABLE crm.person (tenant int, id bigint, name text, PRIMARY KEY (tenant, id));
INSERT INTO crm.person SELECT 1, g, 'p' || g FROM generate_series(1, 100) g;
CREATE TABLE note (id bigint UNIQUE);
CREATE TABLE comment_actions (id bigint PRIMARY KEY, tenant int NOT NULL, person_id bigint NOT NULL);
INSERT INTO comment_actions SELECT g, 1, 1 + g % 100 FROM generate_series(1, 3000) g;
