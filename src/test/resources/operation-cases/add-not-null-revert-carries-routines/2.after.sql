-- neither table left over is tied to the function
DO $$ BEGIN EXECUTE 'DROP TABLE ' || (SELECT 'pgswap_rev_' || id || '_customer' FROM pgswap.migrations); END $$;
