SELECT (SELECT recipe = 'in-place' AND phase = 'done' FROM pgswap.migrations)
