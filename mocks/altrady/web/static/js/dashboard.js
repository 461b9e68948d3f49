// The dashboard summary: counts and holdings from GET /api/accounts.
import { api, loginUrlForHere } from "./http.js";
import { el, showMessage } from "./dom.js";

const status = document.getElementById("dashboard-status");

function markDone(id, done) {
  const item = document.getElementById(id);
  item.classList.toggle("done", done);
}

async function load() {
  let accounts;
  try {
    ({ accounts } = await api("GET", "/api/accounts"));
  } catch (error) {
    if (error.status === 401) {
      window.location.assign(loginUrlForHere());
      return;
    }
    showMessage(status, error.message);
    return;
  }
  const keys = accounts.reduce((total, account) => total + account.keys.length, 0);
  document.getElementById("stat-accounts").textContent = String(accounts.length);
  document.getElementById("stat-keys").textContent = String(keys);
  const rows = accounts.flatMap((account) =>
    account.balances.map((balance) =>
      el("tr", {}, [
        el("td", { text: account.name }),
        el("td", { text: balance.display, attrs: { title: balance.asset } }),
        el("td", { className: "num mono", text: balance.amount }),
      ]),
    ),
  );
  document.getElementById("holdings-body").replaceChildren(...rows);
  document.getElementById("holdings-empty").hidden = rows.length > 0;
  markDone("check-connect", accounts.length > 0);
  markDone("check-keys", accounts.some((account) => account.keys.length >= 2));
  status.textContent = "";
}

load();
// Live updates: reload the summary whenever Altrady's backend hears of a changed account.
new EventSource("/api/events").addEventListener("account", () => load());
