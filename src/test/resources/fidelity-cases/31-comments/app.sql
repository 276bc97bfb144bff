INSERT INTO orders (customer_id, amount) VALUES (1, -1)
---
SELECT obj_description('orders'::regclass, 'pg_class'), col_description('orders'::regclass, 3)
