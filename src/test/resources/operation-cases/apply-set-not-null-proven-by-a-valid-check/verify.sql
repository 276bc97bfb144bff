SELECT (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'n')
   AND to_regclass('pgswap_old_1_users') IS NULL
   AND EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'users_n_nn')
