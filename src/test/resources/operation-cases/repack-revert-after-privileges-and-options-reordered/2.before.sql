-- the same privileges and options, stored in another order
REVOKE SELECT ON small FROM pgswap_case_r1;
GRANT SELECT ON small TO pgswap_case_r1;
REVOKE UPDATE (v) ON small FROM pgswap_case_r1;
GRANT UPDATE (v) ON small TO pgswap_case_r1;
ALTER TABLE small SET (fillfactor = 90);
