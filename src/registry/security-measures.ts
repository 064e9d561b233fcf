/**
 * The technical and organisational measures (Art. 32 GDPR) the record of processing states. They
 * describe what Kundenprofil does for every purpose alike, so they are fixed text, not declared.
 */
export const SECURITY_MEASURES: readonly string[] = [
  "Encryption at rest per person: personal data is encrypted with AES-256-GCM under a key of its own for each person (fresh 96-bit nonce, person and field bound as additional data); the per-person keys are wrapped by a master key; erasure destroys the person's key (crypto-shredding).",
  "Pseudonymous lookups: e-mail addresses, phone numbers and card numbers are found through an HMAC blind index keyed from the master key, never by their value.",
  "Role-based access: admin API keys carry a role (admin, dpo, marketer, analyst, support) that grants the least needed; marketers see contact data masked, analysts only aggregates, support one profile at a time; keys are stored hashed; write keys can only send events.",
  "Audit: every read of personal data and every change is appended to a hash-chained audit log (SHA-256 over RFC 8785 canonical JSON, pseudonyms only) that the database keeps append-only; signed Ed25519 checkpoints, kept outside the system, make any edit, deletion or reordering detectable.",
  "Consent checked at the point of use: segments, recommendations, exports and sends ask the consent ledger for the person and purpose at that moment; objections (Art. 21) and restrictions (Art. 18) are honoured everywhere.",
  "Data minimisation at collection: the schema registry strips or refuses undeclared fields per source, and refuses special categories (Art. 9) not declared with explicit consent.",
  "Retention: each data category's retention period is enforced by a scheduled job that deletes or anonymises expired data.",
];
