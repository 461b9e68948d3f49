// Settings > Exchange Account API keys: the list of connected accounts, Resync, Edit, and
// the "+ Connect Account" wizard.
import { api, loginUrlForHere } from "./http.js";
import { slot, showMessage } from "./dom.js";
import { fillAccountCard, renderAccountCard } from "./account-card.js";
import { AccountWizard } from "./wizard.js";

const root = document.getElementById("exchange-accounts");
const list = document.getElementById("accounts-list");
const status = document.getElementById("accounts-status");
const errorBox = document.getElementById("accounts-error");
const empty = document.getElementById("accounts-empty");
const connectButton = document.getElementById("connect-account");

const wizard = new AccountWizard(document.getElementById("account-wizard"), {
  maxKeys: Number(root.dataset.maxKeys),
  maxKeysMessage: root.dataset.maxKeysMessage,
  onChanged: () => loadAccounts(),
});

function sessionEnded(error) {
  if (error.status === 401) {
    window.location.assign(loginUrlForHere());
    return true;
  }
  return false;
}

async function resync(card, button) {
  const resyncStatus = slot(card, "resync-status");
  const resyncError = slot(card, "resync-error");
  showMessage(resyncError, "");
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  resyncStatus.textContent = "Fetching balances from Kraken…";
  try {
    const { account } = await api("POST", `/api/accounts/${encodeURIComponent(card.dataset.accountId)}/resync`);
    fillAccountCard(card, account);
    resyncStatus.textContent = "Balances updated.";
  } catch (error) {
    if (sessionEnded(error)) {
      return;
    }
    resyncStatus.textContent = "";
    showMessage(resyncError, `${error.message} The balances shown are from the last update.`);
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

async function edit(card, button) {
  const resyncError = slot(card, "resync-error");
  showMessage(resyncError, "");
  try {
    // Fresh from the server: another tab may have added or removed keys.
    const { account } = await api("GET", `/api/accounts/${encodeURIComponent(card.dataset.accountId)}`);
    await wizard.openEdit(account, button);
  } catch (error) {
    if (!sessionEnded(error)) {
      showMessage(resyncError, error.message);
    }
  }
}

function cardFor(account) {
  const card = renderAccountCard(account);
  const resyncButton = card.querySelector('[data-action="resync"]');
  const editButton = card.querySelector('[data-action="edit"]');
  resyncButton.addEventListener("click", () => resync(card, resyncButton));
  editButton.addEventListener("click", () => edit(card, editButton));
  return card;
}

async function loadAccounts() {
  showMessage(errorBox, "");
  let accounts;
  try {
    ({ accounts } = await api("GET", "/api/accounts"));
  } catch (error) {
    if (!sessionEnded(error)) {
      status.textContent = "";
      showMessage(errorBox, `Could not load your exchange accounts. ${error.message}`);
    }
    return;
  }
  list.replaceChildren(...accounts.map(cardFor));
  empty.hidden = accounts.length > 0;
  status.textContent = "";
}

// Live updates: Altrady's backend tells this page about every change to an account (a
// balance Kraken pushed over its WebSocket, a resync elsewhere), so the card updates itself.
function listenForChanges() {
  const events = new EventSource("/api/events");
  events.addEventListener("account", (event) => {
    const account = JSON.parse(event.data);
    const card = [...list.children].find((node) => node.dataset.accountId === account.id);
    if (card) {
      fillAccountCard(card, account);
    }
  });
}

connectButton.addEventListener("click", () => wizard.openConnect(connectButton));
connectButton.disabled = false;
loadAccounts();
listenForChanges();
