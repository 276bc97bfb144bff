SET lock_timeout = '2s';
CREATE TABLE regions (code text PRIMARY KEY, name text);
COPY regions (code, name) FROM stdin;
eu	Europe; DROP TABLE accounts;
us	United States
\.
