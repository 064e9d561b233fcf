/**
 * Generates one customer's complete message history: draws the profile from the customer's own
 * stream (seed, index), plans their life with the shop, walks the plan in time order, then sorts
 * the messages by time and numbers them (`demo-<seed>-<customer>-<n>`).
 */
import { drawProfile } from "./customer-profile.js";
import { type CustomerState, createState, type Planned, type RunSettings } from "./customer-state.js";
import { answerSurvey, enterContest } from "./engagement-events.js";
import type { DemoMessage } from "./messages.js";
import { handleTrip } from "./order-events.js";
import { planCustomer } from "./plan-customer.js";
import { mixSeed, Rng } from "./rng.js";
import { DAY } from "./time.js";
import {
  anonSession,
  browseSession,
  consentChange,
  jacketSearch,
  locationPing,
  register,
} from "./web-events.js";

/** All messages of customer `index`, in time order. */
export function customerMessages(run: RunSettings, index: number): DemoMessage[] {
  const customerSeed = mixSeed(run.seed, index);
  const rng = new Rng(customerSeed);
  // Arrivals lean towards the start of the window, so more customers have a long history.
  const firstContact = run.start + (run.end - run.start - 7 * DAY) * rng.next() ** 1.2;
  const profile = drawProfile(rng, run.seed, index, firstContact);
  const s = createState(run, profile, rng, customerSeed);
  planCustomer(s, firstContact);
  for (let next = s.queue.pop(); next !== undefined; next = s.queue.pop()) handle(s, next);
  sortByTime(s.out);
  const prefix = `demo-${run.seed}-${index}-`;
  const messages: DemoMessage[] = new Array(s.out.length);
  for (let n = 0; n < s.out.length; n++) {
    const message = (s.out[n] as { message: DemoMessage }).message;
    message.messageId = prefix + n;
    messages[n] = message;
  }
  return messages;
}

function handle(s: CustomerState, p: Planned): void {
  switch (p.kind) {
    case "anon-session":
      anonSession(s, p.t);
      break;
    case "register":
      register(s, p.t);
      break;
    case "trip":
      handleTrip(s, p.t, p.channel, p.forced);
      break;
    case "browse":
      browseSession(s, p.t, p.focus);
      break;
    case "jacket-search":
      jacketSearch(s, p.t);
      break;
    case "jacket-visit":
      // Scenario 6: near the store the app reports the visit; the customer buys the jacket seen online.
      locationPing(s, p.t, s.profile.homeStore);
      handleTrip(s, p.t + s.rng.int(15, 75) * 60_000, "store", ["winter-jacket"]);
      break;
    case "survey":
      answerSurvey(s, p.t, p.survey);
      break;
    case "contest":
      enterContest(s, p.t, p.contest);
      break;
    case "consent-change":
      consentChange(s, p.t);
      break;
  }
}

/** Stable insertion sort: the output is short and nearly in order already. */
function sortByTime(out: { t: number; message: DemoMessage }[]): void {
  for (let i = 1; i < out.length; i++) {
    const entry = out[i] as { t: number; message: DemoMessage };
    let j = i - 1;
    while (j >= 0 && (out[j] as { t: number }).t > entry.t) {
      out[j + 1] = out[j] as { t: number; message: DemoMessage };
      j--;
    }
    out[j + 1] = entry;
  }
}
