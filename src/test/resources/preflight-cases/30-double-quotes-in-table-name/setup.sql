CREATE TABLE "My ""Quoted"" Table" (id bigint PRIMARY KEY, status text);
INSERT INTO "My ""Quoted"" Table" SELECT g, 'x' || g FROM generate_series(1, 50) g;
