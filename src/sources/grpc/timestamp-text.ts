// Answers carry timestamps by the hundred: the text of each is made as one string from its
// character codes, with no intermediate strings and no Date.

const FIRST_DAY = -719_162; // 0001-01-01
const LAST_DAY = 2_932_896; // 9999-12-31
const ZERO = 0x30;
const COLON = 0x3a;
const DASH = 0x2d;

/** Character codes of `YYYY-MM-DDT` for the last day seen: timestamps of one answer mostly fall on a few days. */
const date = new Uint8Array(11);
let lastDay = Number.NaN;

/** A Timestamp's RFC 3339 text, in UTC, with as many fraction digits as its nanoseconds need (0, 3, 6 or 9). */
export function timestampText(seconds: number, nanos: number): string {
  const day = Math.floor(seconds / 86_400);
  if (!(day >= FIRST_DAY && day <= LAST_DAY && Number.isInteger(nanos) && nanos >= 0 && nanos < 1e9)) return slowText(seconds, nanos);
  if (day !== lastDay) {
    writeDate(day);
    lastDay = day;
  }
  const rest = seconds - day * 86_400;
  const hours = Math.floor(rest / 3600);
  const minutes = Math.floor((rest % 3600) / 60);
  const secs = rest % 60;
  const h1 = ZERO + Math.floor(hours / 10);
  const h2 = ZERO + (hours % 10);
  const n1 = ZERO + Math.floor(minutes / 10);
  const n2 = ZERO + (minutes % 10);
  const s1 = ZERO + Math.floor(secs / 10);
  const s2 = ZERO + (secs % 10);
  // The character after the seconds ends the text (Z) or starts its fraction (.).
  const text = String.fromCharCode(
    date[0]!,
    date[1]!,
    date[2]!,
    date[3]!,
    date[4]!,
    date[5]!,
    date[6]!,
    date[7]!,
    date[8]!,
    date[9]!,
    date[10]!,
    h1,
    h2,
    COLON,
    n1,
    n2,
    COLON,
    s1,
    s2,
    nanos === 0 ? 0x5a : 0x2e,
  );
  return nanos === 0 ? text : `${text}${fractionDigits(nanos)}Z`;
}

/** `YYYY-MM-DDT` of a day counted from 1970-01-01, by the proleptic Gregorian calendar's arithmetic (days to civil date). */
function writeDate(day: number): void {
  const shifted = day + 719_468; // days from 0000-03-01
  const era = Math.floor(shifted / 146_097);
  const ofEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((ofEra - Math.floor(ofEra / 1460) + Math.floor(ofEra / 36_524) - Math.floor(ofEra / 146_096)) / 365);
  const ofYear = ofEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * ofYear + 2) / 153);
  const dayOfMonth = ofYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  date[0] = ZERO + Math.floor(year / 1000);
  date[1] = ZERO + (Math.floor(year / 100) % 10);
  date[2] = ZERO + (Math.floor(year / 10) % 10);
  date[3] = ZERO + (year % 10);
  date[4] = DASH;
  date[5] = ZERO + Math.floor(month / 10);
  date[6] = ZERO + (month % 10);
  date[7] = DASH;
  date[8] = ZERO + Math.floor(dayOfMonth / 10);
  date[9] = ZERO + (dayOfMonth % 10);
  date[10] = 0x54; // T
}

/** The digits of a fraction of a second: 3, 6 or 9, as the nanoseconds need (Timestamps and Durations write it alike). */
export function fractionDigits(nanos: number): string {
  const text = String(nanos).padStart(9, '0');
  return nanos % 1_000_000 === 0 ? text.slice(0, 3) : nanos % 1000 === 0 ? text.slice(0, 6) : text;
}

/** Years outside 0001–9999 (Date's extended form, or a RangeError past its range), and nanoseconds out of range. */
function slowText(seconds: number, nanos: number): string {
  const iso = new Date(seconds * 1000).toISOString().slice(0, -5);
  return nanos === 0 ? `${iso}Z` : `${iso}.${fractionDigits(nanos)}Z`;
}
