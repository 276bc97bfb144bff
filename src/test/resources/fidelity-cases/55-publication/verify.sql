SELECT count(*) = 2 FROM pg_publication_tables WHERE tablename = 'orders'
