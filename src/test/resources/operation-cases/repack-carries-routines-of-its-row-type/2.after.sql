-- the old table can be dropped without CASCADE; the procedure taking the row type runs
DO $$ BEGIN EXECUTE 'DROP TABLE ' || (SELECT old_table FROM pgswap.migrations); END $$;
DO $$ DECLARE c customer; BEGIN SELECT * INTO c FROM customer WHERE customer_id = 1; CALL deactivate(c); END $$;
