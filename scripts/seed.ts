// npm run db:seed — seeds the demo explicitly (users exist → nothing happens).
import { disconnectPrisma } from "../lib/db/prisma";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "../lib/seed/demo";

const result = await seedDemo();
if (result.seeded) {
  console.log(`Seeded demo incident ${result.incidentKey} and accounts (password ${DEMO_PASSWORD}):`);
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.padEnd(9)} ${a.email}`);
} else {
  console.log("Users already exist; the demo was not seeded.");
}
await disconnectPrisma();
