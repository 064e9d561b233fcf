/**
 * `kundenprofil audit list|verify|checkpoint`: read the audit log, prove it was not tampered with,
 * and export signed checkpoints to keep outside the system (a checkpoint is what shows that the
 * newest entries were cut off or the chain was rewritten).
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import type { SignedCheckpoint } from "../../audit/index.js";
import { connectCli } from "../connect.js";
import { limitOption, wholeNumberOption } from "../options.js";
import { emit, stdoutOutput, table } from "../output.js";

export function auditCommand(): Command {
  const audit = new Command("audit").description(
    "the tamper-evident audit log: list entries, verify the chain, export signed checkpoints",
  );

  audit
    .command("list")
    .description("entries in order, oldest first")
    .addOption(wholeNumberOption("--after <seq>", "entries after this sequence number", 0, { min: 0 }))
    .addOption(limitOption(50))
    .option("--subject <pseudonym>", "only entries about this profile id or key")
    .option("--action <action>", "only this action, e.g. profile.read")
    .option("--json", "print JSON")
    .action(
      async (o: { after: number; limit: number; subject?: string; action?: string; json?: boolean }) => {
        const backend = await connectCli();
        try {
          const page = await backend.auditList({
            after: o.after,
            limit: o.limit,
            ...(o.subject === undefined ? {} : { subject: o.subject }),
            ...(o.action === undefined ? {} : { action: o.action }),
          });
          emit(stdoutOutput(Boolean(o.json)), page, () =>
            page.entries.length === 0
              ? "No audit entries."
              : table(
                  page.entries.map((e) => ({ ...e, details: JSON.stringify(e.details) })),
                  ["seq", "at", "actor", "action", "subject", "details"],
                ),
          );
        } finally {
          await backend.close();
        }
      },
    );

  audit
    .command("verify")
    .description("walk the whole hash chain and check every checkpoint; exit 1 when anything was changed")
    .option("--checkpoint <file...>", "exported checkpoint files (JSON) to check against as well")
    .option("--json", "print JSON")
    .action(async (o: { checkpoint?: string[]; json?: boolean }) => {
      const external = (o.checkpoint ?? []).map(readCheckpoint);
      const backend = await connectCli();
      try {
        const result = await backend.auditVerify(external);
        emit(stdoutOutput(Boolean(o.json)), result, () =>
          result.ok
            ? `Audit log intact: ${result.entries} entries, ${result.checkpoints} checkpoints verified.`
            : [
                `Audit log TAMPERED: ${result.problems.length} problems in ${result.entries} entries.`,
                ...result.problems.slice(0, 50).map((p) => `  ${p.kind} at ${p.seq}: ${p.message}`),
              ].join("\n"),
        );
        if (!result.ok) process.exitCode = 1;
      } finally {
        await backend.close();
      }
    });

  audit
    .command("checkpoint")
    .description("sign the current head of the chain (Ed25519) and print it, with the public key")
    .option("--json", "print JSON (the form `audit verify --checkpoint` reads)")
    .action(async (o: { json?: boolean }) => {
      const backend = await connectCli();
      try {
        const signed = await backend.auditCheckpoint();
        if (signed === null) throw new Error("the audit log is still empty: nothing to checkpoint");
        emit(stdoutOutput(Boolean(o.json)), signed, () =>
          [
            `Checkpoint at entry ${signed.checkpoint.seq}, ${signed.checkpoint.at}`,
            `hash       ${signed.checkpoint.hash}`,
            `signature  ${signed.checkpoint.signature}`,
            signed.publicKey.trim(),
          ].join("\n"),
        );
      } finally {
        await backend.close();
      }
    });
  return audit;
}

/** Reads a checkpoint file as written by `audit checkpoint --json` (or the bare checkpoint). */
function readCheckpoint(file: string): SignedCheckpoint {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as {
    checkpoint?: SignedCheckpoint;
  } & SignedCheckpoint;
  const checkpoint = parsed.checkpoint ?? parsed;
  if (typeof checkpoint.seq !== "number" || typeof checkpoint.signature !== "string")
    throw new Error(`${file} is not a checkpoint written by \`audit checkpoint --json\``);
  return checkpoint;
}
