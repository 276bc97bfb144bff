-- a wrapper without handler needs no extension (postgres_fdw may be missing from the server):
-- the foreign table exists in the catalog, which is all that preflight reads
CREATE FOREIGN DATA WRAPPER pgswap_case_dummy_fdw;
CREATE SERVER pgswap_case_dummy_server FOREIGN DATA WRAPPER pgswap_case_dummy_fdw;
CREATE FOREIGN TABLE remote_orders (id bigint NOT NULL, status text) SERVER pgswap_case_dummy_server;
