CREATE TABLE audit (id int);
CLUSTER orders USING orders_pkey;
