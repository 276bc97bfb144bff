-- deferred: accepted until the end of the transaction
INSERT INTO payments VALUES (1000, 999999);
SELECT count(*) FROM payments
---
INSERT INTO payments VALUES (1000, 999999);
SET CONSTRAINTS ALL IMMEDIATE
---
DELETE FROM orders WHERE id = 1;
SET CONSTRAINTS ALL IMMEDIATE
---
INSERT INTO refunds VALUES (1000, 999999)
---
SET CONSTRAINTS refund_order DEFERRED;
INSERT INTO refunds VALUES (1000, 999999);
SELECT count(*) FROM refunds
