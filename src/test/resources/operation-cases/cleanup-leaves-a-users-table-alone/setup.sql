CREATE TABLE pgswap_shadow_9 (x int);
INSERT INTO pgswap_shadow_9 VALUES (1), (2);
CREATE SCHEMA other;
CREATE TABLE other.pgswap_shadow_12 (y text);
