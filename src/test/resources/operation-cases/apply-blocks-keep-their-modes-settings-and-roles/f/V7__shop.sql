-- a Sqitch-style deploy script: the block sets the search_path for the rest of the file
BEGIN;
SET search_path TO shop, public;
CREATE SCHEMA IF NOT EXISTS shop;
COMMIT;
START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ WRITE;
CREATE TABLE iso_a AS SELECT current_setting('transaction_isolation') AS iso;
COMMIT;
BEGIN;
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
CREATE TABLE iso_b AS SELECT current_setting('transaction_isolation') AS iso;
COMMIT;
-- the role has no USAGE on shop: psql creates its table in public too
SET ROLE pgswap_case_apply_owner;
CREATE TABLE owned (id int);
RESET ROLE;
INSERT INTO needed VALUES (1);
CREATE TABLE after_resume (id int);
-- a READ ONLY block cannot write apply's record in its own transaction
BEGIN TRANSACTION READ ONLY;
SELECT count(*) FROM pg_class;
COMMIT;
