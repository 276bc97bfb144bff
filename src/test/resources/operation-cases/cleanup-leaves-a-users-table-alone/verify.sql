SELECT (SELECT count(*) FROM pgswap_shadow_9) = 2 AND to_regclass('other.pgswap_shadow_12') IS NOT NULL
