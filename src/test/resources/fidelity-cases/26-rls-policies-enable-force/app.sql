-- as pgswap_case_fid26_clerk
SELECT count(*), sum(amount) FROM orders
---
-- as pgswap_case_fid26_clerk
INSERT INTO orders (customer_id, amount) VALUES (1, 5)
---
-- as pgswap_case_fid26_clerk
INSERT INTO orders (customer_id, amount) VALUES (1, 500)
---
-- as pgswap_case_fid26_clerk
UPDATE orders SET note = 'x'
---
-- as pgswap_case_fid26_owner
SELECT count(*), sum(amount) FROM orders
---
-- as pgswap_case_fid26_owner
INSERT INTO orders (customer_id, amount) VALUES (1, 5)
---
SELECT count(*) FROM orders
