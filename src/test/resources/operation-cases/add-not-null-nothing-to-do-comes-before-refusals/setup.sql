CREATE TABLE t (id int PRIMARY KEY, status text NOT NULL);
CREATE MATERIALIZED VIEW t_counts AS SELECT status, count(*) FROM t GROUP BY status;
CREATE TABLE no_key (status text NOT NULL);
