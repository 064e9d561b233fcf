/**
 * Who one demo customer is: persona, name, contact data, home city and store, loyalty card and
 * consent choices — everything fixed at first contact. Drawn from the customer's own stream, so
 * it depends only on (seed, index). E-mail domains are example domains only (RFC 2606).
 */
import { formatDay } from "./calendar.js";
import { emailPart, familyNames, givenNames } from "./names.js";
import { type Persona, personaAt } from "./personas.js";
import { CITIES, type City, type Country, cityCumulative, type Store } from "./places.js";
import type { Rng } from "./rng.js";

/** Consent as Segment carries it in `context.consent.categoryPreferences`; keys are processing purposes. */
export type ConsentPreferences = Readonly<Record<string, boolean>>;

/** The fixed facts about one customer. */
export interface CustomerProfile {
  readonly index: number;
  readonly userId: string;
  readonly persona: Persona;
  readonly firstName: string;
  readonly lastName: string;
  readonly gender: "female" | "male" | "diverse";
  /** YYYY-MM-DD. */
  readonly birthday: string;
  readonly email: string;
  /** E.164. */
  readonly phone: string;
  readonly city: City;
  readonly postalCode: string;
  readonly country: Country;
  readonly homeStore: Store;
  /** 16-digit loyalty card number (Luhn-valid), for most customers. */
  readonly cardId: string | undefined;
  readonly locale: string;
  readonly consent: ConsentPreferences;
  /** Found the shop on the web first (anonymous sessions before registering) rather than in a store. */
  readonly webFirst: boolean;
  /** Uses the shop's app (mobile sessions, location events). */
  readonly hasApp: boolean;
  readonly userAgent: string;
}

const DOMAINS: Readonly<Record<Country, string>> = { DE: "example.de", CH: "example.ch", AT: "example.at" };
const LOCALES: Readonly<Record<Country, string>> = { DE: "de-DE", CH: "de-CH", AT: "de-AT" };
const MOBILE_PREFIXES: Readonly<Record<Country, readonly string[]>> = {
  DE: ["151", "152", "157", "160", "170", "171", "172", "175", "176", "177", "178", "179"],
  CH: ["76", "77", "78", "79"],
  AT: ["650", "660", "664", "676", "680", "681", "699"],
};
const COUNTRY_CODES: Readonly<Record<Country, string>> = { DE: "+49", CH: "+41", AT: "+43" };
const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0 Mobile Safari/537.36",
  "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:139.0) Gecko/20100101 Firefox/139.0",
];

/** Draws the customer with this index; `firstContact` is epoch ms, for the age. */
export function drawProfile(rng: Rng, seed: number, index: number, firstContact: number): CustomerProfile {
  const persona = personaAt(rng.next());
  const city = CITIES[rng.cumulative(cityCumulative())] as City;
  const country = city.country;
  const gender = rng.chance(0.01) ? "diverse" : rng.chance(0.5) ? "female" : "male";
  const age = rng.between(persona.age[0], persona.age[1] + 1);
  const birthDay = Math.floor((firstContact - age * 365.25 * 86_400_000) / 86_400_000);
  const birthday = formatDay(birthDay);
  const names = givenNames(Number(birthday.slice(0, 4)));
  const firstName = rng.pick(
    gender === "male" || (gender === "diverse" && rng.chance(0.5)) ? names.male : names.female,
  );
  const lastName = rng.pick(familyNames(country));
  const webFirst = rng.chance(persona.onlineShare * 0.6 + 0.35);
  return {
    index,
    userId: `cust-${seed}-${index}`,
    persona,
    firstName,
    lastName,
    gender,
    birthday,
    email: emailFor(rng, firstName, lastName, index, country),
    phone: phoneFor(rng, seed, index, country),
    city,
    postalCode: rng.pick(city.postcodes),
    country,
    homeStore: rng.pick(city.stores),
    cardId: !webFirst || rng.chance(0.7) ? cardFor(seed, index) : undefined,
    locale: LOCALES[country],
    consent: drawConsent(rng),
    webFirst,
    hasApp: rng.chance(0.3),
    userAgent: rng.pick(USER_AGENTS),
  };
}

function emailFor(rng: Rng, first: string, last: string, index: number, country: Country): string {
  const f = emailPart(first);
  const l = emailPart(last);
  const domain = rng.chance(0.2) ? "example.com" : DOMAINS[country];
  // The index keeps addresses unique: identity resolution merges on e-mail.
  const r = rng.next();
  const local =
    r < 0.5 ? `${f}.${l}${index}` : r < 0.8 ? `${f.slice(0, 1)}${l}${index}` : `${l}.${f}.${index}`;
  return `${local}@${domain}`;
}

/** Unique per (seed, index) within a country: the subscriber number is a bijection of the index. */
function phoneFor(rng: Rng, seed: number, index: number, country: Country): string {
  const digits = country === "DE" ? 8 : 7;
  const modulus = 10 ** digits;
  const subscriber = (index * 7_654_321 + (seed % 1_000) * 104_729) % modulus;
  return `${COUNTRY_CODES[country]}${rng.pick(MOBILE_PREFIXES[country])}${String(subscriber).padStart(digits, "0")}`;
}

/** 16 digits: programme prefix, a bijection of the index, Luhn check digit. */
function cardFor(seed: number, index: number): string {
  const body = `9276${String((index * 7_919_113 + (seed % 10_000) * 1_000_003) % 100_000_000_000).padStart(11, "0")}`;
  return body + luhnDigit(body);
}

function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

function drawConsent(rng: Rng): ConsentPreferences {
  const personalisation = rng.chance(0.6);
  return {
    service: true,
    analytics: rng.chance(0.8),
    personalisation,
    "marketing.email": rng.chance(0.55),
    "marketing.sms": rng.chance(0.15),
    location: personalisation && rng.chance(0.5),
  };
}
