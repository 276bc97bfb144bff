SELECT count(*) FROM orders WHERE city = 'c1' AND zip = 'z1'
---
INSERT INTO orders (city, zip, status, amount) VALUES ('c1', 'z1', 'new', 1);
SELECT count(*) FROM orders WHERE city = 'c1'
