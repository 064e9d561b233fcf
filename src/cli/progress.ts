/**
 * A progress bar on stderr for long operations, shown only on a terminal (never in --json
 * output or in CI logs).
 */
import cliProgress from "cli-progress";

export interface Progress {
  update(done: number, extra?: Record<string, string | number>): void;
  stop(): void;
}

export function startProgress(
  total: number,
  unit: string,
  enabled = process.stderr.isTTY === true,
): Progress {
  if (!enabled || total <= 0) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: ` {bar} {percentage}% | {value}/{total} ${unit} | {rate} | eta {eta_formatted}`,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(total, 0, { rate: "" });
  return {
    update(done, extra = {}) {
      const perSecond = done / Math.max((Date.now() - started) / 1000, 0.001);
      bar.update(Math.min(done, total), { rate: `${Math.round(perSecond)}/s`, ...extra });
    },
    stop() {
      bar.stop();
    },
  };
}
