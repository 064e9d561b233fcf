/**
 * The identities a customer's messages carry, by touchpoint: the web shop (anonymousId of the
 * browser, plus userId once logged in), the app, and the shop's back end (userId, and for card
 * holders the loyalty card as a Segment `context.externalIds` entry). Senders are made once per
 * customer; their context factories build a fresh object per message.
 */
import { type CustomerState, uuid } from "./customer-state.js";
import type { Sender } from "./messages.js";

const LIBRARY_NAME = "kundenprofil-demo";
const LIBRARY_VERSION = "1.0.0";

/** The browser: anonymous until `identified`. */
export function webSender(s: CustomerState, identified: boolean): Sender {
  if (identified) {
    s.senders.webUser ??= makeWebSender(s, s.profile.userId);
    return s.senders.webUser;
  }
  s.senders.webAnonymous ??= makeWebSender(s, undefined);
  return s.senders.webAnonymous;
}

/** The shop's app (always logged in). */
export function appSender(s: CustomerState): Sender {
  if (s.senders.app !== undefined) return s.senders.app;
  s.appAnonymousId ??= uuid(s);
  const { locale } = s.profile;
  const deviceType = s.customerSeed % 2 === 0 ? "ios" : "android";
  s.senders.app = {
    userId: s.profile.userId,
    anonymousId: s.appAnonymousId,
    channel: "mobile",
    context: () => ({
      library: { name: LIBRARY_NAME, version: LIBRARY_VERSION },
      locale,
      app: { name: "Kundenprofil Shop", version: "4.2.0" },
      device: { type: deviceType },
    }),
  };
  return s.senders.app;
}

/** The browser for a customer who shops online; app users use the app half of the time. */
export function onlineSender(s: CustomerState): Sender {
  return s.profile.hasApp && s.rng.chance(0.5) ? appSender(s) : webSender(s, true);
}

/** Back-end systems (POS, order system, loyalty programme): userId and, for card holders, the card. */
export function serverSender(s: CustomerState): Sender {
  s.senders.server ??= makeServerSender(s, undefined);
  return s.senders.server;
}

/** A back-end sender whose context carries extra entries (consent, campaign, store). */
export function serverSenderWith(s: CustomerState, extra: () => Record<string, unknown>): Sender {
  return makeServerSender(s, extra);
}

/** A browser sender whose context carries extra entries (consent at sign-up). */
export function webSenderWith(s: CustomerState, extra: () => Record<string, unknown>): Sender {
  const base = webSender(s, true);
  return { ...base, context: () => Object.assign(base.context(), extra()) };
}

function makeWebSender(s: CustomerState, userId: string | undefined): Sender {
  s.webAnonymousId ??= uuid(s);
  const { locale, userAgent } = s.profile;
  return {
    userId,
    anonymousId: s.webAnonymousId,
    channel: "browser",
    context: () => ({ library: { name: LIBRARY_NAME, version: LIBRARY_VERSION }, locale, userAgent }),
  };
}

function makeServerSender(s: CustomerState, extra: (() => Record<string, unknown>) | undefined): Sender {
  const card = s.profile.cardId;
  const base =
    card === undefined
      ? () => ({ library: { name: LIBRARY_NAME, version: LIBRARY_VERSION } })
      : () => ({
          library: { name: LIBRARY_NAME, version: LIBRARY_VERSION },
          externalIds: [{ id: card, type: "loyalty_card", collection: "users", encoding: "none" }],
        });
  const context = extra === undefined ? base : () => Object.assign(base(), extra());
  return { userId: s.profile.userId, channel: "server", context };
}
