/** What the in-memory evaluator knows about a person, and about the moment it evaluates at. */

export interface InMemoryEvent {
  /** The event name of a track call ("Order Completed"); anything for other calls. */
  event: string;
  /** Segment call type: only `track` events take part in event conditions. */
  type: string;
  /** Milliseconds since the epoch. */
  ts: number;
  properties: Record<string, unknown>;
}

export interface InMemoryPerson {
  id: string;
  /** Traits, read by `trait.<path>`. */
  traits: Record<string, unknown>;
  /** Computed traits, read by `computed.<path>`; dates as ISO strings. */
  computed: Record<string, unknown>;
  /** Kinds of the identifiers the person has: user, email, phone, card, anon, device, ext:… */
  identifierKinds: readonly string[];
  /** Purposes the person may be processed for now (the consent decision already taken). */
  allowedPurposes: readonly string[];
  events: readonly InMemoryEvent[];
}

export interface InMemoryContext {
  /** Evaluation time in milliseconds since the epoch; relative windows end here. */
  now: number;
  /** Whether the person is a member of the named segment (for `in_segment`). */
  memberOf(segment: string, personId: string): boolean;
}
