UPDATE orders SET ref = -id WHERE id IN (8, 9);
