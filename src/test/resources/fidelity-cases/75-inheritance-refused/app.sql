SELECT count(*) FROM orders
---
SELECT count(*) FROM ONLY orders
