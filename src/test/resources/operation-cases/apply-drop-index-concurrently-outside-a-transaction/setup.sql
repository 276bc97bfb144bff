CREATE TABLE orders (id bigint PRIMARY KEY, note text);
CREATE INDEX orders_note_idx ON orders (note);
