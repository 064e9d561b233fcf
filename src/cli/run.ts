/** Entry point of the CLI (bin/kundenprofil.js and `npm run cli`). */
import { runCli } from "./main.js";

await runCli(process.argv);
