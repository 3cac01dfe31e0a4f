/**
 * The `synclab` command: a thin shell over src/engine. Each subcommand lives in its own file and
 * returns an exit code; output goes to the streams it is given so tests can run it in-process.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => string;
}

type Command = (args: string[], io: CliIo) => Promise<number> | number;

const USAGE = `Usage: synclab <command> [options]

Commands:
  eval 'EXPR' [--attributes JSON] [--parameters JSON]   evaluate one expression
  run FILE.json [--order A,B]                           run a scenario, print the result document
  check FILE.json                                       validate rules and expressions
  verify-order FILE.json [--samples N --seed S]         does the result depend on forest order?
`;

async function loadCommand(name: string): Promise<Command | undefined> {
  switch (name) {
    case 'eval':
      return (await import('./eval.ts')).evalCommand;
    case 'run':
      return (await import('./run.ts')).runCommand;
    case 'check':
      return (await import('./check.ts')).checkCommand;
    case 'verify-order':
      return (await import('./verify-order.ts')).verifyOrderCommand;
    default:
      return undefined;
  }
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name ? 0 : 2;
  }
  const command = await loadCommand(name);
  if (!command) {
    io.stderr(`synclab: unknown command '${name}'.\n${USAGE}`);
    return 2;
  }
  return command(rest, io);
}
