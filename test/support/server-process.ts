/**
 * Starts the real server (`src/main.ts`) as a child process for benchmarks and crash tests, and
 * reads its address from the startup log line.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: no chance to flush anything. */
  kill(): Promise<void>;
}

/**
 * The node flags of `npm start`: a 64 MB young generation, because ingest allocates short-lived
 * objects per event and the default one made the collector run 6 % of throughput more often.
 */
const START_FLAGS = ["--max-semi-space-size=64"];

/** `SERVER_NODE_ARGS` adds node flags to the server (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"). */
export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<ServerProcess> {
  const nodeArgs = (process.env.SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...START_FLAGS, ...nodeArgs, "--import", "tsx", "src/main.ts"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let stderr = "";
  child.stderr!.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in ${timeoutMs} ms: ${stderr}`)),
      timeoutMs,
    );
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; address?: string };
        if (entry.msg === "kundenprofil ready" && entry.address) {
          clearTimeout(timer);
          resolve(entry.address);
        }
      } catch {
        // not a log line
      }
    });
  });
  return {
    url,
    child,
    async stop() {
      child.kill("SIGTERM");
      return exited;
    },
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}
