SELECT (SELECT phase FROM pgswap.migrations) = 'aborted'
