-- as pgswap_case_fid50_reader
SELECT count(*), sum(amount) FROM orders
---
-- as pgswap_case_fid50_reader
UPDATE orders SET note = 'x' WHERE id = 1
---
-- as pgswap_case_fid50_auditor
SELECT count(*), min(status) FROM orders WHERE id < 100
---
-- as pgswap_case_fid50_auditor
SELECT sum(amount) FROM orders
---
-- as pgswap_case_fid50_auditor
UPDATE orders SET status = 'audited' WHERE id < 10
---
-- as pgswap_case_fid50_auditor
UPDATE orders SET amount = 0 WHERE id < 10
---
-- as pgswap_case_fid50_writer
INSERT INTO orders (customer_id) VALUES (1)
---
-- as pgswap_case_fid50_writer
DELETE FROM orders WHERE id = 1
---
-- as pgswap_case_fid50_owner
DELETE FROM orders WHERE id = 1
---
-- as pgswap_case_fid50_owner
UPDATE orders SET note = 'by owner' WHERE id = 1
