// Talking to Altrady's JSON API: one place that turns every failure into words a trader
// understands.

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.body = body ?? {};
  }

  get keyErrors() {
    return Array.isArray(this.body.key_errors) ? this.body.key_errors : [];
  }
}

const NO_ANSWER = "Altrady's server did not answer. Check your connection and try again.";
const UNREADABLE = "Altrady sent an answer this page could not read. Reload the page and try again.";

export async function api(method, path, body) {
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, NO_ANSWER);
  }
  if (response.status === 204) {
    return null;
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const message =
      data && typeof data.error === "string" && data.error
        ? data.error
        : `Altrady could not do that (error ${response.status}). Try again in a moment.`;
    throw new ApiError(response.status, message, data);
  }
  if (data === null || typeof data !== "object") {
    throw new ApiError(response.status, UNREADABLE);
  }
  return data;
}

// Where a page goes when the session has ended: back to the login, then here again.
export function loginUrlForHere() {
  const here = window.location.pathname + window.location.search;
  return `/login?next=${encodeURIComponent(here)}`;
}
