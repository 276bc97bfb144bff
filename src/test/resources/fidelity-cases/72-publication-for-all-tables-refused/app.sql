SELECT pubname, tablename FROM pg_publication_tables ORDER BY 1, 2
