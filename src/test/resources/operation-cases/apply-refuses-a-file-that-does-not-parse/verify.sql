SELECT to_regclass('first_one') IS NULL AND to_regclass('last_one') IS NULL AS t
