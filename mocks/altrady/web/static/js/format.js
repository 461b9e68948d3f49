// How values from the API are written on the page. Dates are spelled out in UTC by hand so
// screenshots do not depend on the browser's locale.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const pad = (n) => String(n).padStart(2, "0");

export function formatUtc(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return String(iso);
  }
  const day = `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${day}, ${time} UTC`;
}

const KEY_STATUS = { ok: "Active", rate_limited: "Rate limited", invalid: "Invalid" };

export function keyStatusLabel(status) {
  return KEY_STATUS[status] ?? String(status);
}

export function keyStatusTone(status) {
  return status === "ok" ? "good" : status === "rate_limited" ? "warn" : "bad";
}

const ACCOUNT_STATUS = { connected: "Connected", error: "Connection problem" };

export function accountStatusLabel(status) {
  return ACCOUNT_STATUS[status] ?? String(status);
}

export function keyCount(count, max) {
  return `${count} of ${max} keys`;
}
