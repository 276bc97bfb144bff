-- changed while the shadow is kept in sync
GRANT SELECT (status) ON t TO pgswap_case_drift_reader;
