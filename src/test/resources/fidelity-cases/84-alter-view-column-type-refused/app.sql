SELECT count(*), sum(amount) FROM order_amounts
