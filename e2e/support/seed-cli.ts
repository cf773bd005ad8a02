// Run by e2e helpers in a subprocess (tsx --conditions=react-server) so tests
// seed their own data through lib/, exactly as the app writes it.
import { disconnectPrisma, getPrisma } from "../../lib/db/prisma";
import { seedDemo } from "../../lib/seed/demo";
import { hashPassword } from "../../lib/auth/password";

const [command, arg] = process.argv.slice(2);
const input = arg ? (JSON.parse(arg) as Record<string, unknown>) : {};

async function main(): Promise<unknown> {
  const prisma = getPrisma();
  switch (command) {
    case "demo":
      return seedDemo();
    case "user": {
      const passwordHash = await hashPassword(String(input.password));
      const user = await prisma.user.upsert({
        where: { email: String(input.email) },
        create: { email: String(input.email), name: String(input.name ?? input.email), role: input.role as "VIEWER", passwordHash },
        update: { role: input.role as "VIEWER", passwordHash, disabledAt: null },
      });
      return { id: user.id };
    }
    case "incident-count":
      return { count: await prisma.incident.count({ where: input.title ? { title: String(input.title) } : {} }) };
    case "sql":
      return prisma.$queryRawUnsafe(String(input.query));
    default:
      throw new Error(`unknown command ${command}`);
  }
}

main()
  .then(async (result) => {
    process.stdout.write(JSON.stringify(result, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v)));
    await disconnectPrisma();
  })
  .catch(async (error) => {
    console.error(error);
    await disconnectPrisma();
    process.exit(1);
  });
