-- the state schema (made by the superuser's run) is open to the role, its tables are not
GRANT USAGE, CREATE ON SCHEMA pgswap TO pgswap_case_state_user;
