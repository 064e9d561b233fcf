/**
 * `kundenprofil consent show|history|set|withdraw|may`: the consent ledger from the terminal, e.g.
 * for a support desk recording "no more newsletters" from a phone call.
 */
import { Command } from "commander";
import type { ConsentChoice, ConsentState } from "../../privacy/index.js";
import { isPurpose, PURPOSES, type Purpose } from "../../protocol/index.js";
import { connectCli } from "../connect.js";
import { emit, stdoutOutput, table } from "../output.js";

export function consentCommand(): Command {
  const consent = new Command("consent").description(
    "consent per purpose: show, history with proof, record, withdraw, and the decision (may)",
  );

  consent
    .command("show")
    .description("current consent, objections, restriction and the decision per purpose")
    .argument("<identifier>", "profile id or kind:value")
    .option("--json", "print JSON")
    .action(async (reference: string, o: { json?: boolean }) =>
      withBackend(async (backend) => {
        const state = await backend.consentState(reference);
        emit(stdoutOutput(Boolean(o.json)), state, () => describe(state));
      }),
    );

  consent
    .command("history")
    .description("every consent change with its source, notice and proof, oldest first")
    .argument("<identifier>", "profile id or kind:value")
    .option("--json", "print JSON")
    .action(async (reference: string, o: { json?: boolean }) =>
      withBackend(async (backend) => {
        const history = await backend.consentHistory(reference);
        emit(stdoutOutput(Boolean(o.json)), history, () =>
          history.entries.length === 0
            ? "No consent recorded."
            : table(
                history.entries.map((e) => ({ ...e })),
                ["at", "kind", "purpose", "status", "source", "method", "noticeId"],
              ),
        );
      }),
    );

  consent
    .command("set")
    .description(
      "record consent: --grant marketing.email --deny analytics (e-mail grants need double opt-in)",
    )
    .argument("<identifier>", "profile id or kind:value")
    .option("--grant <purpose...>", "purposes granted")
    .option("--deny <purpose...>", "purposes refused")
    .option("--withdraw <purpose...>", "purposes withdrawn")
    .option("--notice <id[@version]>", "the privacy notice shown, e.g. newsletter@3")
    .option("--method <method>", "form, preference_centre, api, unsubscribe_link or import", "api")
    .option("--json", "print JSON")
    .action(
      async (
        reference: string,
        o: {
          grant?: string[];
          deny?: string[];
          withdraw?: string[];
          notice?: string;
          method: string;
          json?: boolean;
        },
      ) => {
        const purposes: Partial<Record<Purpose, ConsentChoice>> = {};
        for (const [list, status] of [
          [o.grant, "granted"],
          [o.deny, "denied"],
          [o.withdraw, "withdrawn"],
        ] as const)
          for (const purpose of list ?? []) purposes[purposeOf(purpose)] = status;
        if (Object.keys(purposes).length === 0)
          throw new Error("name purposes with --grant, --deny or --withdraw");
        const [noticeId, version] = (o.notice ?? "").split("@");
        const method = o.method as "api";
        await withBackend(async (backend) => {
          const state = await backend.recordConsent(reference, {
            purposes,
            method,
            ...(noticeId ? { notice: { id: noticeId, version } } : {}),
          });
          emit(stdoutOutput(Boolean(o.json)), state, () =>
            [
              describe(state),
              ...state.confirmations.map(
                (c) =>
                  `Double opt-in for ${c.purpose}: send the link with token ${c.token} (valid until ${c.expiresAt}).`,
              ),
            ].join("\n"),
          );
        });
      },
    );

  consent
    .command("withdraw")
    .description("withdraw consent for every purpose (or those given with --purpose) in one step")
    .argument("<identifier>", "profile id or kind:value")
    .option("--purpose <purpose...>", "only these purposes")
    .option("--json", "print JSON")
    .action(async (reference: string, o: { purpose?: string[]; json?: boolean }) =>
      withBackend(async (backend) => {
        const state = await backend.withdrawConsent(reference, o.purpose?.map(purposeOf));
        emit(stdoutOutput(Boolean(o.json)), state, () => describe(state));
      }),
    );

  consent
    .command("may")
    .description("may this person's data be used for this purpose now? (exit 0 yes, 3 no)")
    .argument("<identifier>", "profile id or kind:value")
    .argument("<purpose>", PURPOSES.join(", "))
    .option("--json", "print JSON")
    .action(async (reference: string, purpose: string, o: { json?: boolean }) =>
      withBackend(async (backend) => {
        const decision = await backend.may(reference, purposeOf(purpose));
        emit(
          stdoutOutput(Boolean(o.json)),
          decision,
          () => `${decision.allowed ? "yes" : "no"}: ${decision.reason} (basis: ${decision.basis})`,
        );
        if (!decision.allowed) process.exitCode = 3;
      }),
    );

  return consent;
}

function purposeOf(text: string): Purpose {
  if (!isPurpose(text))
    throw new Error(`unknown purpose ${JSON.stringify(text)}; one of ${PURPOSES.join(", ")}`);
  return text;
}

async function withBackend(work: (backend: Awaited<ReturnType<typeof connectCli>>) => Promise<void>) {
  const backend = await connectCli();
  try {
    await work(backend);
  } finally {
    await backend.close();
  }
}

function describe(state: ConsentState): string {
  const rows = PURPOSES.map((purpose) => ({
    purpose,
    consent: state.consent.purposes[purpose]?.status ?? "unknown",
    since: state.consent.purposes[purpose]?.at ?? "",
    allowed: state.decisions[purpose].allowed ? "yes" : "no",
    reason: state.decisions[purpose].reason,
  }));
  const flags = [
    state.consent.restricted ? "Processing is RESTRICTED (Art. 18)." : "",
    state.consent.objections.length > 0 ? `Objections: ${state.consent.objections.join(", ")}.` : "",
  ].filter((line) => line !== "");
  return [
    `Profile ${state.id}`,
    table(rows, ["purpose", "consent", "since", "allowed", "reason"]),
    ...flags,
  ].join("\n");
}
