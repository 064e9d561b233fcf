export { mapInSlices } from "./time-slices.js";
