"""A psycopg2 client of carewh's SQL endpoint, run by clients_test.go.

Prints one JSON object per line: the tables it lists, the rows of
marts.board_kpis, a parameterised query's count, and the SQLSTATE of each
statement that must be refused.
"""
import json
import os
import sys

import psycopg2

conn = psycopg2.connect(host=os.environ["PGHOST"], port=os.environ["PGPORT"], user=os.environ["PGUSER"],
                        password=os.environ["PGPASSWORD"], dbname="carewh", sslmode="disable")
conn.autocommit = True
cur = conn.cursor()
cur.execute("SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1, 2")
print(json.dumps({"tables": [f"{s}.{t}" for s, t in cur.fetchall()]}))
cur.execute("SELECT * FROM marts.board_kpis")
print(json.dumps({"rows": [[None if v is None else str(v) for v in r] for r in cur.fetchall()]}))
cur.execute("SELECT count(*) FROM marts.board_kpis WHERE reporting_year = %s AND unit = %s", ("2023-24", "share"))
print(json.dumps({"param_count": cur.fetchone()[0]}))
for stmt in sys.argv[1:]:
    try:
        cur.execute(stmt)
        print(json.dumps({"refused": stmt, "code": None}))
    except psycopg2.Error as e:
        print(json.dumps({"refused": stmt, "code": e.pgcode}))
conn.close()
