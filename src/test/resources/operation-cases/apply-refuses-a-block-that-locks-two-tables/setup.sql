CREATE TABLE orders (id bigint PRIMARY KEY, note text);
CREATE TABLE customers (id bigint PRIMARY KEY, name text);
