SET application_name = 'report-job';
BEGIN;
SELECT count(*) AS n FROM orders;
