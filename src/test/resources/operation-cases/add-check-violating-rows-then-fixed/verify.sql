SELECT (SELECT convalidated FROM pg_constraint WHERE conname = 'amount_positive')
   AND (SELECT count(*) = 1 AND bool_and(phase = 'done') AND bool_and(steps_done = '{add,validate}') AND bool_and(pending = '{}')
        FROM pgswap.migrations)
