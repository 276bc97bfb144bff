-- the application writes before the resumed run swaps
UPDATE t SET status = NULL WHERE id <= 10;
