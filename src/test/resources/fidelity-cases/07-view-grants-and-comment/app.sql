-- as pgswap_case_fid07_reader
SELECT count(*), sum(amount) FROM customer_orders
---
-- as pgswap_case_fid07_reader
SELECT count(*) FROM orders
---
-- as pgswap_case_fid07_reader
UPDATE customer_orders SET amount = 1 WHERE id = 1
---
-- as pgswap_case_fid07_reader
UPDATE customer_orders SET customer_id = 1 WHERE id = 1
---
-- as pgswap_case_fid07_reader
INSERT INTO customer_orders (customer_id) VALUES (1)
