/** `kundenprofil` / `npx kundenprofil`: the command-line front. Every command has --help. */

import { Command, CommanderError } from "commander";
import { exitOnStartupError, runServer } from "../run-server.js";
import { analyticsCommand } from "./commands/analytics.js";
import { analyzeBasketCommand } from "./commands/analyze-basket.js";
import { analyzeClvCommand } from "./commands/analyze-clv.js";
import { analyzeRecommendEvalCommand } from "./commands/analyze-recommend-eval.js";
import { auditCommand } from "./commands/audit.js";
import { consentCommand } from "./commands/consent.js";
import { demoCommand } from "./commands/demo.js";
import { dsrCommand } from "./commands/dsr.js";
import { eventsCommand, statsCommand } from "./commands/events.js";
import { importCommand } from "./commands/import.js";
import { keysCommand } from "./commands/keys.js";
import { profileCommand } from "./commands/profile.js";
import { retentionCommand } from "./commands/retention.js";
import { ropaCommand } from "./commands/ropa.js";
import { schemaCommand } from "./commands/schema.js";
import { segmentCommand } from "./commands/segment.js";

export function buildProgram(): Command {
  const program = new Command("kundenprofil")
    .description("Kundenprofil: privacy-first customer profiles. Works with or without a running server.")
    .version("0.1.0")
    .showHelpAfterError();
  program
    .command("serve")
    .description("start the API server (same as npm start)")
    .action(() => runServer().catch(exitOnStartupError));
  program.addCommand(keysCommand());
  program.addCommand(importCommand());
  program.addCommand(demoCommand());
  program.addCommand(eventsCommand());
  program.addCommand(statsCommand());
  program.addCommand(profileCommand());
  program.addCommand(auditCommand());
  program.addCommand(consentCommand());
  program.addCommand(dsrCommand());
  program.addCommand(retentionCommand());
  program.addCommand(schemaCommand());
  program.addCommand(ropaCommand());
  program.addCommand(analyticsCommand());
  program.addCommand(segmentCommand());
  const analyze = program
    .command("analyze")
    .description("analyses on any file, for analysts and for checking against other tools");
  analyze.addCommand(analyzeBasketCommand());
  analyze.addCommand(analyzeClvCommand());
  analyze.addCommand(analyzeRecommendEvalCommand());
  return program;
}

/** Runs the CLI; usage errors exit 1 (commander), failures print one line and exit 2. */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    console.error(`kundenprofil: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}
