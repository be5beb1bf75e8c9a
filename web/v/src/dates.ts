import { locale } from "./i18n";

/** One moment written in the Gregorian calendar and in the Umm al-Qura Hijri calendar. */
export interface TwoCalendars {
  gregorian: string;
  hijri: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Formatters are costly to build (calendar data) and a result shows a dozen dates: each is built once. */
function formatter(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag} ${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(tag, options);
    formatters.set(key, cached);
  }
  return cached;
}

function inBothCalendars(
  date: Date,
  gregorianOptions: Intl.DateTimeFormatOptions,
  hijriOptions: Intl.DateTimeFormatOptions,
): TwoCalendars {
  return {
    gregorian: formatter(`${locale()}-u-ca-gregory`, gregorianOptions).format(date),
    hijri: formatter(`${locale()}-u-ca-islamic-umalqura`, hijriOptions).format(date),
  };
}

/** A day as the certificate states it (`YYYY-MM-DD`): the same day wherever the reader is. */
export function calendarDate(day: string): TwoCalendars {
  // Noon UTC keeps the day unchanged in every time zone's rendering of a UTC date.
  const options: Intl.DateTimeFormatOptions = { dateStyle: "long", timeZone: "UTC" };
  return inBothCalendars(new Date(`${day}T12:00:00Z`), options, options);
}

/** A moment (UNIX seconds or an ISO instant) in the reader's own time zone. */
export function moment(value: number | string): TwoCalendars {
  const date = typeof value === "number" ? new Date(value * 1000) : new Date(value);
  return inBothCalendars(date, { dateStyle: "long", timeStyle: "short" }, { dateStyle: "long" });
}

/** Both calendars on one line, for sentences such as "Revoked on …". */
export function inWords({ gregorian, hijri }: TwoCalendars): string {
  return `${gregorian} (${hijri})`;
}
