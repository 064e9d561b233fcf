/**
 * The benchmarks' command lines, read with commander as the CLI reads its own: `--help` lists
 * every option with its default, and a mistyped option, a count that is not a whole number or a
 * value outside its choices stops the run with a usage error, before it creates a database or
 * starts a server (node's parseArgs threw a stack trace, and `Number("abc")` ran with NaN).
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import { wholeNumberOption } from "../../src/cli/options.js";

/** `--name <n>`: a whole number of at least `min` (default 1), as the CLI's counts; the run gets a number. */
export function countOption(flags: string, description: string, fallback: number, min = 1): Option {
  return wholeNumberOption(flags, description, fallback, { min });
}

/** `--name <choice>` limited to `choices`. */
export function choiceOption(
  flags: string,
  description: string,
  choices: readonly string[],
  fallback: string,
): Option {
  return new Option(flags, description).choices(choices).default(fallback);
}

/** `--database <name>`: a database kept by an earlier run; the name goes into SQL and a URL. */
export function databaseOption(description: string): Option {
  return new Option("--database <name>", description).argParser((value: string) => {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value))
      throw new InvalidArgumentError("a PostgreSQL database name: lower-case letters, digits and _");
    return value;
  });
}

/** `--master-key <base64>`: the 32-byte key a kept database was sealed with; the run gets the bytes. */
export function masterKeyOption(): Option {
  return new Option(
    "--master-key <base64>",
    "the master key printed by the run that kept the database",
  ).argParser((value: string) => {
    const key = Buffer.from(value, "base64");
    if (key.length !== 32) throw new InvalidArgumentError("32 bytes, base64-encoded");
    return key;
  });
}

/** `--keep`, `--database` and `--master-key` of the benches that load the demo shop into PostgreSQL. */
export interface KeptDatabaseOptions {
  readonly keep?: boolean;
  readonly database?: string;
  readonly masterKey?: Buffer;
}

/** Reads this process's arguments; on a usage error commander prints it and exits with 1. */
export function benchOptions<T>(command: Command): T {
  return command.showHelpAfterError().parse(process.argv).opts() as T;
}
