SELECT * FROM reporting.daily ORDER BY customer_id LIMIT 5
---
SELECT count(*), sum(n) FROM reporting.daily
---
SELECT count(*) FROM "Reporting View"
---
INSERT INTO orders (customer_id) VALUES (4242);
SELECT n FROM reporting.daily WHERE customer_id = 4242
