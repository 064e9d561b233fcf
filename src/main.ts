/** `npm start`: the API server on the embedded database (or DATABASE_URL). */
import { exitOnStartupError, runServer } from "./run-server.js";

runServer().catch(exitOnStartupError);
