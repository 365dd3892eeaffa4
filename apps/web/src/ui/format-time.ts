// Message and conversation times: "14:05" today, "Mon 14:05" this week, a date otherwise.
const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const weekdayFmt = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const dateFmt = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

export function shortTime(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const today = new Date(now);
  if (d.toDateString() === today.toDateString()) return timeFmt.format(d);
  if (now - ms < 6 * 24 * 3600_000 && ms < now) return `${weekdayFmt.format(d)} ${timeFmt.format(d)}`;
  return dateFmt.format(d);
}

export function fullTime(ms: number): string {
  return fullFmt.format(new Date(ms));
}
