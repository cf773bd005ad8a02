// Child process for the embedded-database lifecycle test: starts the cluster,
// writes a marker row, says READY, and stays up until signalled.
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

async function main() {
const [dataDir, port, marker] = process.argv.slice(2);
const handle = await startEmbeddedPostgres({ dataDir: dataDir!, port: Number(port), database: "lifecycle", log: () => undefined });
const client = new pg.Client({ connectionString: handle.url });
await client.connect();
await client.query("CREATE TABLE IF NOT EXISTS marker (value text)");
await client.query("INSERT INTO marker VALUES ($1)", [marker]);
await client.end();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void handle.stop().then(() => process.exit(0));
  });
}
console.log(`READY ${handle.url}`);
setInterval(() => undefined, 1 << 30);
}

void main();
