/**
 * The mutable state of one customer while the simulation walks through their history: what they
 * buy regularly and when they last bought it, loyalty balance, devices, id counters and the
 * messages produced so far. Lives only while that customer is generated.
 */
import type { ContestCampaign, SurveyCampaign } from "./campaigns.js";
import { type DemoItem, demoShop } from "./catalogue.js";
import type { ConsentPreferences, CustomerProfile } from "./customer-profile.js";
import { EventQueue } from "./event-queue.js";
import type { DemoMessage, Sender } from "./messages.js";
import type { Rng } from "./rng.js";

/** Something planned in a customer's history. */
export type Planned =
  | { readonly t: number; readonly kind: "anon-session" }
  | { readonly t: number; readonly kind: "register" }
  | {
      readonly t: number;
      readonly kind: "trip";
      readonly channel: Channel;
      readonly forced: readonly string[];
    }
  | { readonly t: number; readonly kind: "browse"; readonly focus: string | undefined }
  | { readonly t: number; readonly kind: "jacket-search" }
  | { readonly t: number; readonly kind: "jacket-visit" }
  | { readonly t: number; readonly kind: "survey"; readonly survey: SurveyCampaign }
  | { readonly t: number; readonly kind: "contest"; readonly contest: ContestCampaign }
  | { readonly t: number; readonly kind: "consent-change" };

/** Where an order is placed. */
export type Channel = "store" | "online";

/** The generation run a customer belongs to. */
export interface RunSettings {
  readonly seed: number;
  readonly start: number;
  readonly end: number;
}

/** A customer in the middle of being simulated. */
export interface CustomerState {
  readonly run: RunSettings;
  readonly profile: CustomerProfile;
  readonly rng: Rng;
  /** Seed of the customer's own stream, also used for stable per-customer choices (favourite products). */
  readonly customerSeed: number;
  readonly queue: EventQueue<Planned>;
  /** Messages with their times, in production order; sorted at the end. */
  readonly out: { t: number; message: DemoMessage }[];
  /** Group indices bought on a cycle. */
  regular: number[];
  /** Group indices picked now and then. */
  impulse: number[];
  /** Last purchase time per group index (NaN: never). */
  readonly lastBought: Float64Array;
  /** Personal purchase cycle per group index in ms (NaN: not worked out yet). */
  readonly cycles: Float64Array;
  /** Usual product per group index (-1: not worked out yet). */
  readonly favourites: Int32Array;
  /** Current consent choices (they can change). */
  consent: ConsentPreferences;
  /** Clicked the double opt-in link: e-mail consent counts only then. */
  emailConfirmed: boolean;
  balance: number;
  /** One of the few who do their grocery shopping in the store every week. */
  weekly: boolean;
  /** Scenario 7: from this time on the basket shifts to alcohol and ready meals. */
  shiftAt: number;
  /** A product the next basket should contain when its group comes up (the jacket seen online). */
  pinned: DemoItem | undefined;
  /** Top-level category of the last order, for the survey's product line. */
  lastProductLine: string | undefined;
  webAnonymousId: string | undefined;
  appAnonymousId: string | undefined;
  /** Senders, made on first use. */
  senders: { webAnonymous?: Sender; webUser?: Sender; app?: Sender; server?: Sender };
  /** Counters for order, complaint, review ids. */
  counters: { orders: number; complaints: number; reviews: number; serials: number };
}

// One customer is simulated at a time, start to end, synchronously: its per-group arrays can be reused.
let scratch: { lastBought: Float64Array; cycles: Float64Array; favourites: Int32Array } | undefined;
const PERSONA_GROUPS = new Map<string, { regular: readonly number[]; impulse: readonly number[] }>();

/** Fresh state for a customer (valid until the next call). */
export function createState(
  run: RunSettings,
  profile: CustomerProfile,
  rng: Rng,
  customerSeed: number,
): CustomerState {
  const shop = demoShop();
  const n = shop.groups.length;
  scratch ??= { lastBought: new Float64Array(n), cycles: new Float64Array(n), favourites: new Int32Array(n) };
  const lastBought = scratch.lastBought.fill(Number.NaN);
  const cycles = scratch.cycles.fill(Number.NaN);
  const favourites = scratch.favourites.fill(-1);
  const { persona } = profile;
  let groups = PERSONA_GROUPS.get(persona.key);
  if (groups === undefined) {
    groups = {
      regular: persona.regular.map((k) => shop.group(k).index),
      impulse: persona.impulse.map((k) => shop.group(k).index),
    };
    PERSONA_GROUPS.set(persona.key, groups);
  }
  return {
    run,
    profile,
    rng,
    customerSeed,
    queue: new EventQueue<Planned>(),
    out: [],
    regular: [...groups.regular],
    impulse: [...groups.impulse],
    lastBought,
    cycles,
    favourites,
    consent: profile.consent,
    emailConfirmed: false,
    balance: 0,
    weekly: false,
    shiftAt: Number.POSITIVE_INFINITY,
    pinned: undefined,
    lastProductLine: undefined,
    webAnonymousId: undefined,
    appAnonymousId: undefined,
    senders: {},
    counters: { orders: 0, complaints: 0, reviews: 0, serials: 0 },
  };
}

/** Records a message at time `t`; anything after the window's end is dropped. */
export function emit(s: CustomerState, t: number, message: DemoMessage): void {
  if (t <= s.run.end) s.out.push({ t, message });
}

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** A random RFC 4122 version-4 UUID from the customer's stream (Segment's anonymousId format). */
export function uuid(s: CustomerState): string {
  const a = s.rng.uint32();
  const b = s.rng.uint32();
  const c = s.rng.uint32();
  const d = s.rng.uint32();
  const h = (n: number, shift: number) => HEX[(n >>> shift) & 0xff] as string;
  const version = HEX[0x40 | ((b >>> 8) & 0x0f)] as string;
  const variant = HEX[0x80 | ((c >>> 24) & 0x3f)] as string;
  return `${h(a, 24)}${h(a, 16)}${h(a, 8)}${h(a, 0)}-${h(b, 24)}${h(b, 16)}-${version}${h(b, 0)}-${variant}${h(c, 16)}-${h(c, 8)}${h(c, 0)}${h(d, 24)}${h(d, 16)}${h(d, 8)}${h(d, 0)}`;
}

/** Adds a group to the regular purchases unless it is there already. */
export function addRegular(s: CustomerState, groupKey: string): void {
  const index = demoShop().group(groupKey).index;
  if (!s.regular.includes(index)) s.regular.push(index);
}
