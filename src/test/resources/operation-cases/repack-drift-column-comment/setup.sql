CREATE TABLE t (id int PRIMARY KEY, status text, payload text, n int CHECK (n >= 0));
CREATE INDEX t_status_idx ON t (status);
CREATE INDEX t_lower_idx ON t (lower(status));
INSERT INTO t SELECT g, 'ok', repeat('x', 20), g FROM generate_series(1, 2000) g;
DO $$ BEGIN CREATE ROLE pgswap_case_drift_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
