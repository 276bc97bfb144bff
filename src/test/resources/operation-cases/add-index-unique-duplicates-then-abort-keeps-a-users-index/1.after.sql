-- the user gives up on unique and builds a plain index of the same name
CREATE INDEX orders_ref_idx ON orders (ref);
