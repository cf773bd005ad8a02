// Command-line entry: `npm run cli -- <command> [options]`. Each command lives
// in scripts/cli/<command>.ts and exports `run(argv) → exit code`; this file
// only dispatches, so adding a command is one line in COMMANDS.
type TCommand = { summary: string; load: () => Promise<{ run: (argv: string[]) => Promise<number> }> };

const COMMANDS: Record<string, TCommand> = {
  import: { summary: "Import a request-log file into an incident", load: () => import("./cli/import") },
  export: { summary: "Export an incident's attachment bundle (zip)", load: () => import("./cli/export") },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return ["Usage: npm run cli -- <command> [options]", "", "Commands:", ...lines, "", "Run `npm run cli -- <command> --help` for a command's options."].join("\n");
}

async function main(): Promise<number> {
  const [name, ...argv] = process.argv.slice(2);
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.error(usage());
    return name ? 0 : 64;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    return 64;
  }
  return (await command.load()).run(argv);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
