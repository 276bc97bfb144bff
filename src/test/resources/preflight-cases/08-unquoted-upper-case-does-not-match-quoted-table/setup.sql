CREATE TABLE "Orders" (id bigint PRIMARY KEY, status text);
