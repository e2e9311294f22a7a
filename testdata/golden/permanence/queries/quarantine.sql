-- compare: as a set
SELECT table_name, record_key, rule FROM ops.quarantine
