/**
 * Weekday and hour in the shop's time zone ("usually shops on Saturday around 10"). The zone
 * offset only changes on whole hours, so results are cached per UTC hour.
 */
const HOUR = 3_600_000;
const WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

export interface LocalClock {
  /** [weekday 0 = Monday … 6 = Sunday, hour 0–23] */
  weekdayHour(ms: number): readonly [number, number];
}

export function localClock(timeZone: string): LocalClock {
  const format = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    hour: "2-digit",
    hourCycle: "h23",
  });
  const cache = new Map<number, readonly [number, number]>();
  return {
    weekdayHour(ms) {
      const hour = Math.floor(ms / HOUR);
      let hit = cache.get(hour);
      if (hit === undefined) {
        let weekday = 0;
        let h = 0;
        for (const part of format.formatToParts(hour * HOUR)) {
          if (part.type === "weekday") weekday = WEEKDAYS[part.value] ?? 0;
          else if (part.type === "hour") h = Number(part.value);
        }
        hit = [weekday, h];
        if (cache.size > 200_000) cache.clear();
        cache.set(hour, hit);
      }
      return hit;
    },
  };
}
