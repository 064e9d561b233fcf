/**
 * The loyalty programme's fixed calendar inside the default window: satisfaction surveys (sent
 * by e-mail, answered for points) and contests. Campaigns outside a custom window are skipped.
 */

/** A survey invitation sent to card holders who opted in to e-mail. */
export interface SurveyCampaign {
  readonly id: string;
  /** Invitation date, ISO. */
  readonly date: string;
  /** Points credited to respondents. */
  readonly points: number;
}

/** A contest open for `days` from `date`. */
export interface ContestCampaign {
  readonly id: string;
  readonly date: string;
  readonly days: number;
  readonly question: string;
  readonly answers: readonly string[];
}

/** Surveys, oldest first. */
export const SURVEYS: readonly SurveyCampaign[] = [
  { id: "kundenzufriedenheit-2024-herbst", date: "2024-10-15T08:00:00Z", points: 100 },
  { id: "kundenbarometer-2025-fruehling", date: "2025-04-08T08:00:00Z", points: 100 },
  { id: "kundenzufriedenheit-2025-herbst", date: "2025-10-14T08:00:00Z", points: 150 },
  { id: "kundenbarometer-2026-fruehling", date: "2026-04-14T08:00:00Z", points: 150 },
];

/** Contests, oldest first. */
export const CONTESTS: readonly ContestCampaign[] = [
  {
    id: "sommer-gewinnspiel-2024",
    date: "2024-07-15T06:00:00Z",
    days: 30,
    question: "Wohin geht Ihre Traumreise?",
    answers: ["Tessin", "Mallorca", "Gardasee", "Ostsee", "Wachau", "Engadin"],
  },
  {
    id: "adventskalender-2024",
    date: "2024-12-01T06:00:00Z",
    days: 24,
    question: "Wie viele Kerzen hat ein Adventskranz?",
    answers: ["4", "4", "4", "5"],
  },
  {
    id: "sommer-gewinnspiel-2025",
    date: "2025-07-14T06:00:00Z",
    days: 30,
    question: "Wohin geht Ihre Traumreise?",
    answers: ["Tessin", "Mallorca", "Gardasee", "Ostsee", "Wachau", "Engadin"],
  },
  {
    id: "adventskalender-2025",
    date: "2025-12-01T06:00:00Z",
    days: 24,
    question: "Wie viele Kerzen hat ein Adventskranz?",
    answers: ["4", "4", "4", "3"],
  },
];

/** The NPS and satisfaction questions every survey asks. */
export const SURVEY_QUESTIONS = {
  nps: "Wie wahrscheinlich ist es, dass Sie uns Freunden oder Kollegen weiterempfehlen?",
  satisfaction: "Wie zufrieden sind Sie mit unserem Sortiment in diesem Bereich?",
} as const;
