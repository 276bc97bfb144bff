-- what the same ALTER gives in psql: the local times are New York's, 01/02 is the 1st of February
SELECT at = timestamptz '2024-06-01 16:00:00+00' AND d = timestamptz '2024-06-01 04:00:00+00'
       AND s = date '2024-02-01'
FROM ev WHERE id = 1
