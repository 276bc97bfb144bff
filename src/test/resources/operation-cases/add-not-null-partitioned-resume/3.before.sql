UPDATE payment SET method = 'cash' WHERE method IS NULL;
