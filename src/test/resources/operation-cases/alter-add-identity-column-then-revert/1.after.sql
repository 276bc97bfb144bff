-- a write in the window: the revert carries it back
INSERT INTO orders (amount) VALUES (7);
