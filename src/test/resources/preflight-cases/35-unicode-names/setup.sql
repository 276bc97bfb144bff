CREATE SCHEMA ventes;
CREATE TABLE ventes."Bestell📦übersicht" (id bigint PRIMARY KEY, état text);
INSERT INTO ventes."Bestell📦übersicht" SELECT g, 'x' || g FROM generate_series(1, 50) g;
