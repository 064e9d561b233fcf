/**
 * Loyalty-programme engagement outside orders: survey answers (NPS, satisfaction per product
 * line; respondents get points — scenario 3) and contest entries.
 */
import { type ContestCampaign, SURVEY_QUESTIONS, type SurveyCampaign } from "./campaigns.js";
import { type CustomerState, emit } from "./customer-state.js";
import { earnPoints } from "./loyalty.js";
import { trackMessage } from "./messages.js";
import { serverSenderWith, webSender } from "./senders.js";

/** Answers a survey (invited by e-mail, so only with confirmed e-mail consent) and collects the points. */
export function answerSurvey(s: CustomerState, t: number, survey: SurveyCampaign): void {
  if (s.consent["marketing.email"] !== true || !s.emailConfirmed) return;
  // Frequent, uncomplaining shoppers recommend the shop more readily.
  const base = 6.5 + Math.min(2, s.counters.orders / 8) - 2 * s.counters.complaints + 2 * s.rng.normal();
  const nps = Math.max(0, Math.min(10, Math.round(base)));
  const satisfaction = Math.max(1, Math.min(5, Math.round(1 + nps * 0.4 + s.rng.normal() * 0.6)));
  const productLine = s.lastProductLine ?? "Lebensmittel";
  const properties = {
    survey_id: survey.id,
    nps,
    satisfaction,
    product_line: productLine,
    responses: [
      { question_id: "nps", question: SURVEY_QUESTIONS.nps, answer: nps },
      { question_id: "satisfaction", question: SURVEY_QUESTIONS.satisfaction, answer: satisfaction },
    ],
  };
  const sender = serverSenderWith(s, () => ({
    campaign: { name: survey.id, source: "newsletter", medium: "email" },
  }));
  emit(s, t, trackMessage(t, sender, "Survey Answered", properties));
  earnPoints(s, t + 60_000, survey.points, "survey");
}

/** Enters a contest on the web. */
export function enterContest(s: CustomerState, t: number, contest: ContestCampaign): void {
  const properties = {
    contest_id: contest.id,
    question: contest.question,
    answer: s.rng.pick(contest.answers),
  };
  emit(s, t, trackMessage(t, webSender(s, true), "Contest Entered", properties));
}
