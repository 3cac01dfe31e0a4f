/**
 * Date functions: CDate, DateAdd, DateFromNum, NumFromDate, FormatDateTime, Now. Date-times are
 * FILETIME ticks (100 ns since 1601-01-01 UTC) so that DateFromNum/NumFromDate are exact.
 */
import {
  asBigInt,
  asDateTime,
  asInt,
  asString,
  dateToFileTime,
  fail,
  fileTimeToDate,
  normalize,
} from '../runtime.ts';
import { DateTime, type FlowValue } from '../values.ts';
import { perValue, sig, type FunctionDef } from './types.ts';

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?\s*([AaPp][Mm])?`;
const ZONE = String.raw`(Z|[+-]\d{1,2}(?::?\d{2})?)?`;
const ISO_RE = new RegExp(
  String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+${TIME})?\s*${ZONE}$`,
  'i',
);
const US_RE = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+${TIME})?\s*${ZONE}$`, 'i');

function zoneMinutes(zone: string | undefined): number | null {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (minutes > 14 * 60) return null;
  return (m[1] === '-' ? -1 : 1) * minutes;
}

/**
 * Parses the date forms CDate accepts: `yyyy-MM-dd[ H:mm[:ss[.fffffff]]][ AM|PM][ zone]` and the
 * invariant `M/d/yyyy …`. A string without a zone is taken as UTC; the result is UTC.
 * Returns FILETIME ticks, or null.
 */
export function parseDate(text: string): bigint | null {
  const s = text.trim();
  let m = ISO_RE.exec(s);
  let year: number;
  let month: number;
  let day: number;
  if (m) {
    year = Number(m[1]);
    month = Number(m[2]);
    day = Number(m[3]);
  } else {
    m = US_RE.exec(s);
    if (!m) return null;
    month = Number(m[1]);
    day = Number(m[2]);
    year = Number(m[3]);
  }
  let hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const fraction = m[7] === undefined ? 0n : BigInt((m[7] + '000000').slice(0, 7));
  const ampm = m[8]?.toUpperCase();
  if (ampm) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (ampm === 'PM' ? 12 : 0);
  }
  const offset = zoneMinutes(m[9]);
  if (offset === null) return null;
  if (year < 1601 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
    return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  if (d.getUTCDate() !== day) return null; // 2013-02-30
  d.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900+
  const ft = dateToFileTime(d, fraction) - BigInt(offset) * 600000000n;
  return ft < 0n ? null : ft;
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

const TICKS_PER_DAY = 864000000000n;
/** DateTime.MaxValue (9999-12-31 23:59:59.9999999) as a FILETIME. */
const MAX_FILETIME = 2650467743999999999n;

/** A date-time inside the range .NET can represent (1601 to 9999 as FILETIME), or a failure. */
function checked(ft: bigint, fn: string): DateTime {
  if (ft < 0n || ft > MAX_FILETIME) {
    return fail(`${fn}: the date is outside the range 1601-01-01 to 9999-12-31.`);
  }
  return new DateTime(ft);
}
const DAYS_1601_TO_1970 = 134774;

/** .NET DateTime.AddMonths: the day is clamped to the end of the target month. */
function addMonths(ft: bigint, months: number): bigint {
  const day = ft / TICKS_PER_DAY;
  const timeOfDay = ft % TICKS_PER_DAY;
  const d = new Date((Number(day) - DAYS_1601_TO_1970) * 86400000);
  if (Math.abs(months) > 120000) {
    return fail('DateAdd: the date is outside the range 1601-01-01 to 9999-12-31.');
  }
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month0 = total - year * 12;
  const r = new Date(0);
  r.setUTCFullYear(year, month0, Math.min(d.getUTCDate(), daysInMonth(year, month0)));
  const newDay = BigInt(Math.round(r.getTime() / 86400000) + DAYS_1601_TO_1970);
  if (newDay < 0n) return fail('DateAdd: the result is before 1601.');
  return newDay * TICKS_PER_DAY + timeOfDay;
}

const TICKS: Record<string, bigint> = {
  d: TICKS_PER_DAY,
  y: TICKS_PER_DAY,
  w: TICKS_PER_DAY,
  ww: 7n * TICKS_PER_DAY,
  h: 36000000000n,
  n: 600000000n,
  s: 10000000n,
};

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

const STANDARD: Record<string, string> = {
  d: 'MM/dd/yyyy',
  D: 'dddd, dd MMMM yyyy',
  f: 'dddd, dd MMMM yyyy HH:mm',
  F: 'dddd, dd MMMM yyyy HH:mm:ss',
  g: 'MM/dd/yyyy HH:mm',
  G: 'MM/dd/yyyy HH:mm:ss',
  M: 'MMMM dd',
  m: 'MMMM dd',
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  t: 'HH:mm',
  T: 'HH:mm:ss',
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  U: 'dddd, dd MMMM yyyy HH:mm:ss',
  Y: 'yyyy MMMM',
  y: 'yyyy MMMM',
};

/**
 * .NET custom date and time format strings (invariant culture, UTC): y, M, d, h, H, m, s, f, F, t,
 * K, z, quoted literals and `\` escapes; a single letter is a standard format.
 */
export function formatDateTime(ft: bigint, format: string): string {
  const fmt =
    format.length === 1
      ? (STANDARD[format] ?? fail(`FormatDateTime: unknown standard format '${format}'.`))
      : format;
  const d = fileTimeToDate(ft);
  let ticks = (ft - 116444736000000000n) % 10000000n;
  if (ticks < 0n) ticks += 10000000n;
  const fraction = pad(Number(ticks), 7);
  let out = '';
  let i = 0;
  while (i < fmt.length) {
    const c = fmt.charAt(i);
    let n = 1;
    while (fmt.charAt(i + n) === c) n++;
    switch (c) {
      case 'y': {
        const y = d.getUTCFullYear();
        out += n <= 2 ? pad(y % 100, n) : pad(y, n);
        break;
      }
      case 'M': {
        const mo = d.getUTCMonth();
        out +=
          n === 1
            ? String(mo + 1)
            : n === 2
              ? pad(mo + 1, 2)
              : n === 3
                ? (MONTHS[mo] ?? '').slice(0, 3)
                : (MONTHS[mo] ?? '');
        break;
      }
      case 'd': {
        const wd = d.getUTCDay();
        out +=
          n === 1
            ? String(d.getUTCDate())
            : n === 2
              ? pad(d.getUTCDate(), 2)
              : n === 3
                ? (DAYS[wd] ?? '').slice(0, 3)
                : (DAYS[wd] ?? '');
        break;
      }
      case 'h': {
        const h = d.getUTCHours() % 12 || 12;
        out += n === 1 ? String(h) : pad(h, 2);
        break;
      }
      case 'H':
        out += n === 1 ? String(d.getUTCHours()) : pad(d.getUTCHours(), 2);
        break;
      case 'm':
        out += n === 1 ? String(d.getUTCMinutes()) : pad(d.getUTCMinutes(), 2);
        break;
      case 's':
        out += n === 1 ? String(d.getUTCSeconds()) : pad(d.getUTCSeconds(), 2);
        break;
      case 'f':
        if (n > 7) return fail('FormatDateTime: at most seven f digits.');
        out += fraction.slice(0, n);
        break;
      case 'F': {
        if (n > 7) return fail('FormatDateTime: at most seven F digits.');
        out += fraction.slice(0, n).replace(/0+$/, '');
        break;
      }
      case 't': {
        const ampm = d.getUTCHours() < 12 ? 'AM' : 'PM';
        out += n === 1 ? ampm.charAt(0) : ampm;
        break;
      }
      case 'K':
        out += 'Z';
        break;
      case 'z':
        out += n === 1 ? '+0' : n === 2 ? '+00' : '+00:00';
        break;
      case "'":
      case '"': {
        const close = fmt.indexOf(c, i + 1);
        if (close < 0) return fail('FormatDateTime: unterminated quoted text in the format.');
        out += fmt.slice(i + 1, close);
        i = close + 1;
        continue;
      }
      case '\\':
        out += fmt.charAt(i + 1);
        i += 2;
        continue;
      case '%':
        i += 1;
        continue;
      default:
        out += c.repeat(n);
    }
    i += n;
  }
  return out;
}

function dt(v: FlowValue | undefined, fn: string): bigint {
  return asDateTime(v ?? null, fn).fileTime;
}

export const dateFunctions: FunctionDef[] = [
  perValue('CDate', [sig('dt', 'str')], (v) => {
    if (v instanceof DateTime) return v;
    const s = asString(v, 'CDate');
    const ft = parseDate(s);
    return ft === null ? fail(`CDate: '${s}' is not a date.`) : new DateTime(ft);
  }),
  {
    name: 'DateAdd',
    kind: 'strict',
    signatures: [sig('dt', 'str', 'num', 'dt')],
    lift: [0, 1, 2],
    impl([intervalV, nV, dateV]) {
      if (dateV == null) return null;
      const interval = asString(intervalV ?? null, 'DateAdd');
      const n = asInt(nV ?? null, 'DateAdd');
      const ft = dt(dateV, 'DateAdd');
      if (interval === 'yyyy') return checked(addMonths(ft, n * 12), 'DateAdd');
      if (interval === 'q') return checked(addMonths(ft, n * 3), 'DateAdd');
      if (interval === 'm') return checked(addMonths(ft, n), 'DateAdd');
      const unit = TICKS[interval];
      if (unit === undefined) return fail(`DateAdd: unknown interval '${interval}'.`);
      return checked(ft + BigInt(n) * unit, 'DateAdd');
    },
  },
  perValue('DateFromNum', [sig('dt', 'num')], (v) => {
    return checked(asBigInt(v, 'DateFromNum'), 'DateFromNum');
  }),
  {
    name: 'NumFromDate',
    kind: 'strict',
    signatures: [sig('num', 'dt')],
    lift: [0],
    impl: ([v]) => (v == null ? null : normalize(dt(v, 'NumFromDate'))),
  },
  {
    name: 'FormatDateTime',
    kind: 'strict',
    signatures: [sig('str', 'dt', 'str')],
    lift: [0, 1],
    impl([v, f]) {
      if (v == null) return null;
      return formatDateTime(dt(v, 'FormatDateTime'), asString(f ?? null, 'FormatDateTime'));
    },
  },
  {
    name: 'Now',
    kind: 'strict',
    signatures: [sig('dt')],
    lift: [],
    volatile: true,
    impl(_args, ctx) {
      const clock = ctx.clock ?? fail('Now: no clock is configured.');
      return new DateTime(clock());
    },
  },
];
