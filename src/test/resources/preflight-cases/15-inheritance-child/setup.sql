CREATE TABLE parent (id bigint PRIMARY KEY, status text);
CREATE TABLE child (PRIMARY KEY (id)) INHERITS (parent);
INSERT INTO child SELECT g, 'y' FROM generate_series(11, 20) g;
