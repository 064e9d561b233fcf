/**
 * `kundenprofil dsr export|erase|restrict|object|list`: data subject requests from the terminal.
 * Every request states how the person's identity was verified, and is tracked with its deadline.
 */
import { writeFileSync } from "node:fs";
import { Command } from "commander";
import { exportToCsv, type NewRequest, VERIFICATIONS, type Verification } from "../../privacy/index.js";
import { connectCli } from "../connect.js";
import { emit, stdoutOutput, table } from "../output.js";

const VERIFICATION_HELP = `how identity was verified: ${VERIFICATIONS.join(", ")}`;

export function dsrCommand(): Command {
  const dsr = new Command("dsr").description(
    "data subject requests: export (access, portability), erase, restrict, object; list with deadlines",
  );

  dsr
    .command("export")
    .description("everything held about the person, with purposes, recipients and retention (Art. 15, 20)")
    .argument("<identifier>", "profile id or kind:value")
    .requiredOption("--verification <how>", VERIFICATION_HELP)
    .option("--format <format>", "json or csv", "json")
    .option("--out <file>", "write the export to this file instead of standard output")
    .action(async (reference: string, o: { verification: string; format: string; out?: string }) => {
      if (o.format !== "json" && o.format !== "csv") throw new Error("--format must be json or csv");
      const done = await submit({
        kind: "access",
        subject: reference,
        verification: verificationOf(o.verification),
      });
      const exported = done.export!;
      const text = o.format === "csv" ? exportToCsv(exported) : JSON.stringify(exported, null, 2);
      if (o.out === undefined) process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
      else {
        writeFileSync(o.out, text, { mode: 0o600 });
        console.error(
          `Export of ${exported.events.length} events written to ${o.out} (request ${done.request.id}).`,
        );
      }
    });

  dsr
    .command("erase")
    .description("erase the person everywhere and keep them from coming back (Art. 17)")
    .argument("<identifier>", "profile id or kind:value")
    .requiredOption("--verification <how>", VERIFICATION_HELP)
    .option("--yes", "really erase (cannot be undone)")
    .option("--json", "print JSON")
    .action(async (reference: string, o: { verification: string; yes?: boolean; json?: boolean }) => {
      if (!o.yes) throw new Error("erasure cannot be undone: add --yes to go ahead");
      const done = await submit({
        kind: "erasure",
        subject: reference,
        verification: verificationOf(o.verification),
      });
      emit(stdoutOutput(Boolean(o.json)), done.request, () => {
        const out = done.request.outcome;
        return `Erased profile ${done.request.personId}: ${out.events} events, ${out.identities} identifiers; ${out.suppressed} identifiers on the suppression list (request ${done.request.id}).`;
      });
    });

  for (const [name, kind, description] of [
    ["restrict", "restriction", "restrict processing to what is owed (Art. 18); --lift ends it"],
    ["object", "objection", "object to direct marketing, or to --scope <purpose> (Art. 21)"],
  ] as const) {
    dsr
      .command(name)
      .description(description)
      .argument("<identifier>", "profile id or kind:value")
      .requiredOption("--verification <how>", VERIFICATION_HELP)
      .option("--scope <scope>", "objection: direct_marketing (default) or a purpose")
      .option("--lift", "restriction: lift it")
      .option("--json", "print JSON")
      .action(
        async (
          reference: string,
          o: { verification: string; scope?: string; lift?: boolean; json?: boolean },
        ) => {
          const details =
            kind === "restriction" ? { active: !o.lift } : { scope: o.scope ?? "direct_marketing" };
          const done = await submit({
            kind,
            subject: reference,
            verification: verificationOf(o.verification),
            details,
          });
          emit(
            stdoutOutput(Boolean(o.json)),
            done.request,
            () =>
              `${kind} ${JSON.stringify(done.request.outcome)} recorded for profile ${done.request.personId} (request ${done.request.id}).`,
          );
        },
      );
  }

  dsr
    .command("list")
    .description("requests with status and deadline, soonest due first")
    .option("--status <status>", "received, completed or rejected")
    .option("--json", "print JSON")
    .action(async (o: { status?: string; json?: boolean }) => {
      if (o.status !== undefined && !["received", "completed", "rejected"].includes(o.status))
        throw new Error("--status must be received, completed or rejected");
      const backend = await connectCli();
      try {
        const requests = await backend.listRequests(o.status as "received" | undefined);
        emit(stdoutOutput(Boolean(o.json)), requests, () =>
          requests.length === 0
            ? "No requests."
            : table(
                requests.map((r) => ({ ...r })),
                ["id", "kind", "status", "receivedAt", "dueAt", "overdue", "verification"],
              ),
        );
      } finally {
        await backend.close();
      }
    });

  return dsr;
}

async function submit(request: NewRequest) {
  const backend = await connectCli();
  try {
    return await backend.subjectRequest(request);
  } finally {
    await backend.close();
  }
}

function verificationOf(text: string): Verification {
  if (!(VERIFICATIONS as readonly string[]).includes(text))
    throw new Error(`--verification must be one of ${VERIFICATIONS.join(", ")}`);
  return text as Verification;
}
