// One connected exchange account as a card: its keys, its balances, Resync and Edit.
import { cloneTemplate, el, slot, showMessage } from "./dom.js";
import { accountStatusLabel, formatUtc, keyCount, keyStatusLabel, keyStatusTone } from "./format.js";

export function keyStatusPill(status) {
  return el("span", { className: `pill pill-${keyStatusTone(status)}`, text: keyStatusLabel(status) });
}

function keyRow(key) {
  const warnings = key.warnings.length
    ? el("ul", { className: "cell-list" }, key.warnings.map((text) => el("li", { text })))
    : el("span", { className: "muted", text: "None" });
  return el("tr", {}, [
    el("td", { className: "num", text: key.position }),
    el("td", { text: key.name }),
    el("td", {}, [el("code", { className: "mono", text: key.masked_key })]),
    el("td", {}, [keyStatusPill(key.status)]),
    el("td", { className: "warnings-cell" }, [warnings]),
  ]);
}

export function balanceRows(balances) {
  return balances.map((balance) =>
    el("tr", {}, [
      el("td", { text: balance.display, attrs: { title: `Kraken asset ${balance.asset}` } }),
      el("td", { className: "num mono", text: balance.amount }),
    ]),
  );
}

function updatedText(account) {
  if (account.balances_updated_at) {
    const empty = account.balances.length === 0 ? " · no assets on this account" : "";
    return `Last updated ${formatUtc(account.balances_updated_at)}${empty}`;
  }
  return "Balances have not arrived yet. Click Resync to fetch them now.";
}

const LIVE_LABELS = {
  on: "Live updates on: balances arrive from Kraken by themselves.",
  connecting: "Live updates: connecting to Kraken…",
  reconnecting: "Live updates: reconnecting to Kraken…",
  off: "Live updates off.",
};

function liveText(live) {
  if (live.state === "on" || !live.message) {
    return LIVE_LABELS[live.state] ?? String(live.state);
  }
  return live.message;
}

// Write ``account`` into ``card``; used for the first render, after a resync and on each
// live update.
export function fillAccountCard(card, account) {
  card.setAttribute("aria-label", account.name);
  card.dataset.accountId = account.id;
  slot(card, "name").textContent = account.name;
  slot(card, "summary").textContent = `Kraken · ${keyCount(account.keys.length, account.max_keys)}`;
  const status = slot(card, "status");
  status.textContent = accountStatusLabel(account.status);
  status.className = `status-pill status-${account.status === "connected" ? "good" : "bad"}`;
  showMessage(slot(card, "status-message"), account.status_message);
  slot(card, "keys").replaceChildren(...account.keys.map(keyRow));
  slot(card, "balances").replaceChildren(...balanceRows(account.balances));
  slot(card, "updated").textContent = updatedText(account);
  const live = slot(card, "live");
  live.textContent = liveText(account.live);
  live.dataset.state = account.live.state;
}

export function renderAccountCard(account) {
  const card = cloneTemplate("account-card-template");
  fillAccountCard(card, account);
  return card;
}
