CREATE TABLE d (id int, v text, CONSTRAINT d_pkey PRIMARY KEY (id) DEFERRABLE);
INSERT INTO d SELECT g, NULL FROM generate_series(1, 100) g;
