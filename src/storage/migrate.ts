/** Applies the migrations in order; the same set runs on PGlite and on PostgreSQL. */
import { type Kysely, type Migration, Migrator } from "kysely";
import * as foundation from "./migrations/0001-foundation.js";
import * as identityProfiles from "./migrations/0002-identity-profiles.js";
import * as audit from "./migrations/0003-audit.js";
import * as consent from "./migrations/0004-consent.js";
import * as schemaRegistry from "./migrations/0005-schema-registry.js";
import * as subjectRequests from "./migrations/0006-subject-requests.js";
import * as subjectKeys from "./migrations/0007-subject-keys.js";
import * as profileContact from "./migrations/0008-profile-contact.js";
import * as analytics from "./migrations/0009-analytics.js";
import * as segments from "./migrations/0010-segments.js";
import * as lineCategories from "./migrations/0011-line-categories.js";
import * as lineCategoryPersons from "./migrations/0012-line-category-persons.js";
import * as profileStateText from "./migrations/0013-profile-state-text.js";
import * as eventsTimeBrin from "./migrations/0014-events-time-brin.js";
import * as eventDigests from "./migrations/0015-event-digests.js";
import * as analyticsHeartbeat from "./migrations/0016-analytics-heartbeat.js";
import { StorageError } from "./storage-error.js";

const MIGRATIONS: Record<string, Migration> = {
  "0001-foundation": foundation,
  "0002-identity-profiles": identityProfiles,
  "0003-audit": audit,
  "0004-consent": consent,
  "0005-schema-registry": schemaRegistry,
  "0006-subject-requests": subjectRequests,
  "0007-subject-keys": subjectKeys,
  "0008-profile-contact": profileContact,
  "0009-analytics": analytics,
  "0010-segments": segments,
  "0011-line-categories": lineCategories,
  "0012-line-category-persons": lineCategoryPersons,
  "0013-profile-state-text": profileStateText,
  "0014-events-time-brin": eventsTimeBrin,
  "0015-event-digests": eventDigests,
  "0016-analytics-heartbeat": analyticsHeartbeat,
};

/** Brings the schema up to date; returns the names applied in this call. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new StorageError("migration_failed", `migration ${failed} failed: ${String(error)}`);
  }
  return results.filter((r) => r.status === "Success").map((r) => r.migrationName);
}
