// A node-postgres client of carewh's SQL endpoint, run by clients_test.go
// with NODE_PATH naming the node_modules that holds pg. Prints one JSON
// object per line, as psycopg2_client.py does.
const { Client } = require('pg');

async function main() {
  const client = new Client({ host: process.env.PGHOST, port: Number(process.env.PGPORT), user: process.env.PGUSER,
    password: process.env.PGPASSWORD, database: 'carewh', ssl: false });
  await client.connect();
  let r = await client.query("SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1, 2");
  console.log(JSON.stringify({ tables: r.rows.map((x) => `${x.table_schema}.${x.table_name}`) }));
  r = await client.query({ text: 'SELECT * FROM marts.board_kpis', rowMode: 'array' });
  console.log(JSON.stringify({ rows: r.rows.map((row) => row.map((v) => (v === null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v)))) }));
  r = await client.query('SELECT count(*) AS n FROM marts.board_kpis WHERE reporting_year = $1 AND unit = $2', ['2023-24', 'share']);
  console.log(JSON.stringify({ param_count: Number(r.rows[0].n) }));
  for (const stmt of process.argv.slice(2)) {
    try {
      await client.query(stmt);
      console.log(JSON.stringify({ refused: stmt, code: null }));
    } catch (e) {
      console.log(JSON.stringify({ refused: stmt, code: e.code }));
    }
  }
  await client.end();
}

main().catch((e) => { console.error(e); process.exit(1); });
