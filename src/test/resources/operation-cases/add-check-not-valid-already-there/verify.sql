SELECT (SELECT convalidated FROM pg_constraint WHERE conname = 'amount_positive') AND (SELECT steps_done FROM pgswap.migrations) = '{add:found,validate}'
