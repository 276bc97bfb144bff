-- swapping two refs works because the check waits for the end of the transaction
UPDATE orders SET ref = CASE id WHEN 1 THEN 'R2' ELSE 'R1' END WHERE id IN (1, 2);
SET CONSTRAINTS ALL IMMEDIATE;
SELECT ref FROM orders WHERE id = 1
---
UPDATE orders SET ref = 'R3' WHERE id = 4;
SET CONSTRAINTS ALL IMMEDIATE
---
UPDATE orders SET seat = seat + 1
---
SET CONSTRAINTS orders_seat_key DEFERRED;
UPDATE orders SET seat = seat + 1;
SET CONSTRAINTS ALL IMMEDIATE;
SELECT min(seat), max(seat) FROM orders
