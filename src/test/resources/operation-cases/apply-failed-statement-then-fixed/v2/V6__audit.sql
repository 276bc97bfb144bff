CREATE TABLE audit (id int PRIMARY KEY, what text);
INSERT INTO audit VALUES (1, 'created');
CREATE INDEX audit_what_idx ON audit (what);
