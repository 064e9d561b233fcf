/** Public surface of the HTTP front. */
export { type AppOptions, buildApp } from "./app.js";
