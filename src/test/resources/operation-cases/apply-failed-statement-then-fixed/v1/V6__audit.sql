CREATE TABLE audit (id int PRIMARY KEY, what text);
INSERT INTO audit_log VALUES (1, 'created');
CREATE INDEX audit_what_idx ON audit (what);
