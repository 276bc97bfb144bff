SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'region')
   AND to_regclass('accounts_region_idx') IS NOT NULL
   AND to_regclass('regions') IS NULL
