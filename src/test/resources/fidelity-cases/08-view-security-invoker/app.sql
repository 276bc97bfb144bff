-- as pgswap_case_fid08_viewonly
SELECT count(*) FROM my_orders
---
-- as pgswap_case_fid08_tabletoo
SELECT count(*), min(status) FROM my_orders
