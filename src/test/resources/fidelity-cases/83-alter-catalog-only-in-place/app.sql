SELECT count(*), sum(amount) FROM order_amounts
---
SELECT count(*) FROM orders WHERE status = 'new'
