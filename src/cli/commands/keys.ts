/** `kundenprofil keys create|list|revoke`: write keys per source and admin keys per role. */
import { Command, Option } from "commander";
import { isRole, ROLES, SOURCE_ID_PATTERN } from "../../access/index.js";
import { connectCli } from "../connect.js";
import { emit, stdoutOutput, table } from "../output.js";
import { rotateMasterCommand } from "./rotate-master.js";

export function keysCommand(): Command {
  const keys = new Command("keys").description(
    "manage write keys (per source) and admin API keys (per role)",
  );

  keys
    .command("create")
    .description("create a key; it is printed once and only its hash is stored")
    .addOption(
      new Option("--type <type>", "write (send data for one source) or admin")
        .choices(["write", "admin"])
        .makeOptionMandatory(),
    )
    .option("--source <id>", "source of a write key, e.g. web, pos, loyalty-app (created if new)")
    .addOption(new Option("--role <role>", "role of an admin key").choices([...ROLES]))
    .option("--label <text>", "a note to recognise the key by")
    .option("--json", "print JSON")
    .action(
      async (options: {
        type: "write" | "admin";
        source?: string;
        role?: string;
        label?: string;
        json?: boolean;
      }) => {
        const request = toRequest(options);
        const backend = await connectCli();
        try {
          const created = await backend.createKey(request);
          emit(
            stdoutOutput(Boolean(options.json)),
            {
              key: created.key,
              id: created.id,
              type: created.type,
              source: created.source,
              role: created.role,
            },
            () =>
              [
                `Created ${created.type} key ${created.id}${created.source ? ` for source ${created.source}` : ` with role ${created.role}`}.`,
                "Store it now; it is not shown again:",
                "",
                `  ${created.key}`,
              ].join("\n"),
          );
        } finally {
          await backend.close();
        }
      },
    );

  keys
    .command("list")
    .description("list keys (never the keys themselves)")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const backend = await connectCli();
      try {
        const list = await backend.listKeys();
        emit(stdoutOutput(Boolean(options.json)), { keys: list }, () =>
          table(list as unknown as Record<string, unknown>[], [
            "id",
            "type",
            "source",
            "role",
            "prefix",
            "label",
            "createdAt",
            "revokedAt",
          ]),
        );
      } finally {
        await backend.close();
      }
    });

  keys
    .command("revoke <id>")
    .description("revoke a key by id; requests with it are refused from then on")
    .option("--json", "print JSON")
    .action(async (id: string, options: { json?: boolean }) => {
      const backend = await connectCli();
      try {
        const revoked = await backend.revokeKey(id);
        emit(stdoutOutput(Boolean(options.json)), { id, revoked }, () =>
          revoked ? `Revoked ${id}.` : `No live key ${id}.`,
        );
        if (!revoked) process.exitCode = 1;
      } finally {
        await backend.close();
      }
    });
  keys.addCommand(rotateMasterCommand());
  return keys;
}

function toRequest(options: { type: "write" | "admin"; source?: string; role?: string; label?: string }) {
  const label = options.label ? { label: options.label } : {};
  if (options.type === "write") {
    if (!options.source || !SOURCE_ID_PATTERN.test(options.source)) {
      throw new UsageError("a write key needs --source <id> (lower-case letters, digits, - and _)");
    }
    return { type: "write" as const, source: options.source, ...label };
  }
  if (!isRole(options.role)) throw new UsageError(`an admin key needs --role, one of: ${ROLES.join(", ")}`);
  return { type: "admin" as const, role: options.role, ...label };
}

export class UsageError extends Error {
  override readonly name = "UsageError";
}
