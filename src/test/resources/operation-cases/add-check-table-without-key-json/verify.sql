SELECT convalidated FROM pg_constraint WHERE conname = 'kind_nonempty'
