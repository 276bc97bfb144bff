SELECT recipe = 'in-place' AND steps_done = '{alter}' FROM pgswap.migrations
