-- the table's owner, not in pg_read_all_stats: pg_stat_replication shows it NULL lags, which would read as "never behind"
DO $$ BEGIN CREATE ROLE pgswap_case_owner86 LOGIN PASSWORD '${ROLE_PASSWORD}'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT CREATE ON DATABASE "${DB}" TO pgswap_case_owner86;
CREATE TABLE orders (id bigint PRIMARY KEY, status text);
INSERT INTO orders SELECT g, 'new' FROM generate_series(1, 100) g;
ALTER TABLE orders OWNER TO pgswap_case_owner86;
