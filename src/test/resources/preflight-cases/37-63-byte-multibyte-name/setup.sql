CREATE TABLE "éééééééééééééééééééééééééééééééx" (id bigint PRIMARY KEY, status text);
INSERT INTO "éééééééééééééééééééééééééééééééx" SELECT g, 'x' || g FROM generate_series(1, 50) g;
