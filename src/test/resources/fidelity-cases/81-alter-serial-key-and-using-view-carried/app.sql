-- as pgswap_case_fid81_app
SELECT status, n FROM big_codes ORDER BY 1
---
WITH i AS (INSERT INTO orders (code) VALUES ('5000') RETURNING *)
SELECT i.id > 2147483000 FROM i
---
INSERT INTO customers VALUES (1000, 999999)
---
SELECT pg_get_serial_sequence('orders', 'id')
