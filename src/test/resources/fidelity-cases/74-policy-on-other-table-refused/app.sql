-- as pgswap_case_fid74_clerk
SELECT count(*) FROM invoices
---
-- the policy sees a change of the table
UPDATE orders SET status = 'paid' WHERE id <= 30;
SET LOCAL ROLE pgswap_case_fid74_clerk;
SELECT count(*) FROM invoices
