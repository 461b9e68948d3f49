// The "Connect exchange account" wizard, also used as "Edit <account>": choose Kraken,
// copy the IP whitelist, paste keys, Connect, then Next and Complete.
import { api } from "./http.js";
import { el, slot, showMessage } from "./dom.js";
import { KeyGroups } from "./key-groups.js";
import { balanceRows, keyStatusPill } from "./account-card.js";
import { keyCount } from "./format.js";

const KRAKEN = "kraken";
const CONNECT_TITLE = "Connect exchange account";
const CONNECTED_TITLE = "Your Kraken account is connected";

export class AccountWizard {
  constructor(dialog, { maxKeys, maxKeysMessage, onChanged }) {
    this.dialog = dialog;
    this.maxKeys = maxKeys;
    this.maxKeysMessage = maxKeysMessage;
    this.onChanged = onChanged;
    this.part = (name) => slot(dialog, name);
    this.button = (action) => dialog.querySelector(`[data-action="${action}"]`);
    this.title = dialog.querySelector("#wizard-title");
    this.exchangeSelect = this.part("exchange");
    this.nameInput = this.part("account-name");
    this.whitelistInput = this.part("whitelist-text");
    this.limitNote = this.part("key-limit");
    this.keyGroups = new KeyGroups(this.part("key-groups"));
    this.exchanges = null;
    this.whitelist = null;
    this.generation = 0;
    this.reset("connect", null);

    for (const closer of dialog.querySelectorAll('[data-action="close"]')) {
      closer.addEventListener("click", () => dialog.close());
    }
    dialog.addEventListener("close", () => this.closed());
    this.exchangeSelect.addEventListener("change", () => this.chooseExchange());
    this.button("copy-whitelist").addEventListener("click", () => this.copyWhitelist());
    this.button("add-key").addEventListener("click", () => this.addKey());
    // Connect is the form's submit button, so Enter in a key field connects too.
    this.part("form").addEventListener("submit", (event) => {
      event.preventDefault();
      if (this.screen === "form" && !this.part("kraken").hidden) {
        this.submit();
      }
    });
    this.button("next").addEventListener("click", () => this.showConnected());
    this.button("complete").addEventListener("click", () => dialog.close());
  }

  // Opening and closing

  async openConnect(opener) {
    this.reset("connect", null);
    this.opener = opener;
    this.title.textContent = CONNECT_TITLE;
    this.part("exchange-field").hidden = false;
    this.part("name-field").hidden = false;
    this.part("stored-keys").hidden = true;
    this.part("kraken").hidden = true;
    this.nameInput.value = "Kraken";
    this.keyGroups.configure({ firstNumber: 1, firstRowRemovable: false });
    this.button("connect").disabled = true;
    this.dialog.showModal();
    this.exchangeSelect.focus();
    await this.loadExchanges();
  }

  async openEdit(account, opener) {
    this.reset("edit", account);
    this.opener = opener;
    this.title.textContent = `Edit ${account.name}`;
    this.part("exchange-field").hidden = true;
    this.part("exchange-note").hidden = true;
    this.part("name-field").hidden = true;
    this.part("stored-keys").hidden = false;
    this.part("kraken").hidden = false;
    this.button("connect").disabled = false;
    this.renderStoredKeys();
    this.dialog.showModal();
    this.button("add-key").focus();
    await this.loadWhitelist();
  }

  reset(mode, account) {
    this.generation += 1;
    this.mode = mode;
    this.account = account;
    this.result = null;
    this.changed = false;
    this.busy = false;
    this.keyGroups.clear();
    this.clearSummary();
    showMessage(this.part("name-error"), "");
    showMessage(this.part("stored-keys-error"), "");
    this.part("copy-status").textContent = "";
    this.part("progress").textContent = "";
    this.exchangeSelect.value = "";
    this.setBusy(false);
    this.showScreen("form");
    this.updateLimit();
  }

  closed() {
    const changed = this.changed;
    const accountId = this.result?.account?.id ?? this.account?.id ?? null;
    this.reset(this.mode, null);
    if (changed) {
      this.onChanged(accountId);
    }
    if (this.opener?.isConnected) {
      this.opener.focus();
    }
  }

  showScreen(name) {
    this.screen = name;
    for (const screen of this.dialog.querySelectorAll("[data-screen]")) {
      screen.hidden = screen.dataset.screen !== name;
    }
    for (const button of this.dialog.querySelectorAll("[data-screen-only]")) {
      button.hidden = button.dataset.screenOnly !== name;
    }
  }

  // Step 2: the exchange, and Kraken's whitelist

  async loadExchanges() {
    if (this.exchanges === null) {
      try {
        ({ exchanges: this.exchanges } = await api("GET", "/api/exchanges"));
      } catch (error) {
        this.showSummary(`Could not load the list of exchanges. ${error.message}`, []);
        return;
      }
    }
    const placeholder = this.exchangeSelect.options[0];
    const options = this.exchanges.map((exchange) =>
      el("option", { text: exchange.name, attrs: { value: exchange.id } }),
    );
    this.exchangeSelect.replaceChildren(placeholder, ...options);
  }

  chooseExchange() {
    const chosen = this.exchanges?.find((exchange) => exchange.id === this.exchangeSelect.value);
    const isKraken = chosen?.id === KRAKEN && chosen.supported;
    this.clearSummary();
    this.part("kraken").hidden = !isKraken;
    this.button("connect").disabled = !isKraken;
    const note = this.part("exchange-note");
    if (chosen && !isKraken) {
      showMessage(note, `${chosen.name} is not available in this mock. Only Kraken can be connected here.`);
    } else {
      showMessage(note, "");
    }
    if (isKraken) {
      if (this.keyGroups.count === 0) {
        this.keyGroups.add((row) => this.removeKey(row));
      }
      this.updateLimit();
      this.loadWhitelist();
    }
  }

  async loadWhitelist() {
    const copyButton = this.button("copy-whitelist");
    if (this.whitelist === null) {
      this.whitelistInput.placeholder = "Loading…";
      try {
        ({ text: this.whitelist } = await api("GET", "/api/exchanges/kraken/whitelist"));
      } catch (error) {
        this.whitelistInput.placeholder = "";
        this.showSummary(`Could not load Altrady's IP whitelist. ${error.message}`, []);
        return;
      }
    }
    this.whitelistInput.value = this.whitelist;
    copyButton.disabled = false;
  }

  async copyWhitelist() {
    const status = this.part("copy-status");
    status.classList.remove("is-error");
    try {
      await navigator.clipboard.writeText(this.whitelist);
      status.textContent = "Copied";
    } catch {
      this.whitelistInput.select();
      status.classList.add("is-error");
      status.textContent = "Could not copy by itself: the addresses are selected, press Ctrl+C (⌘C on a Mac).";
    }
  }

  // Step 8: the keys

  storedCount() {
    return this.mode === "edit" && this.account ? this.account.keys.length : 0;
  }

  addKey() {
    if (this.storedCount() + this.keyGroups.count >= this.maxKeys) {
      this.updateLimit();
      return;
    }
    const row = this.keyGroups.add((removed) => this.removeKey(removed));
    this.updateLimit();
    row.apiKey.focus();
  }

  removeKey(row) {
    this.keyGroups.remove(row);
    this.updateLimit();
    const add = this.button("add-key");
    (add.disabled ? this.nameInput : add).focus();
  }

  updateLimit(message) {
    const total = this.storedCount() + this.keyGroups.count;
    const atLimit = total >= this.maxKeys;
    const add = this.button("add-key");
    add.disabled = atLimit;
    const reason = message || (atLimit ? this.maxKeysMessage : "");
    showMessage(this.limitNote, reason);
    if (reason) {
      add.setAttribute("aria-describedby", this.limitNote.id);
    } else {
      add.removeAttribute("aria-describedby");
    }
    this.part("key-count").textContent = keyCount(total, this.maxKeys);
  }

  renderStoredKeys() {
    const rows = this.account.keys.map((key) => {
      const actions = el("td", { className: "actions-cell" });
      this.showRemoveStored(actions, key);
      return el("tr", {}, [
        el("td", { className: "num", text: key.position }),
        el("td", { text: key.name }),
        el("td", {}, [el("code", { className: "mono", text: key.masked_key })]),
        el("td", {}, [keyStatusPill(key.status)]),
        actions,
      ]);
    });
    this.part("stored-keys-body").replaceChildren(...rows);
    this.keyGroups.configure({ firstNumber: this.account.keys.length + 1, firstRowRemovable: true });
    this.updateLimit();
  }

  // Removing a stored key takes two clicks: it cannot be undone.
  showRemoveStored(cell, key) {
    const remove = el("button", {
      className: "link-btn",
      text: "Remove",
      attrs: { type: "button", "aria-label": `Remove stored key ${key.position}` },
    });
    remove.addEventListener("click", () => {
      const confirm = el("button", {
        className: "link-btn danger",
        text: "Yes, remove",
        attrs: { type: "button", "aria-label": `Confirm removing stored key ${key.position}` },
      });
      const keep = el("button", {
        className: "link-btn",
        text: "Keep",
        attrs: { type: "button", "aria-label": `Keep stored key ${key.position}` },
      });
      confirm.addEventListener("click", () => this.removeStored(key));
      keep.addEventListener("click", () => {
        this.showRemoveStored(cell, key);
        cell.querySelector("button").focus();
      });
      cell.replaceChildren(confirm, keep);
      keep.focus();
    });
    cell.replaceChildren(remove);
  }

  async removeStored(key) {
    const error = this.part("stored-keys-error");
    showMessage(error, "");
    try {
      const path = `/api/accounts/${encodeURIComponent(this.account.id)}/keys/${encodeURIComponent(key.id)}`;
      ({ account: this.account } = await api("DELETE", path));
    } catch (failure) {
      showMessage(error, failure.message);
      return;
    }
    this.changed = true;
    this.renderStoredKeys();
    this.button("add-key").focus();
  }

  // Connect

  setBusy(busy) {
    this.busy = busy;
    const connect = this.button("connect");
    connect.toggleAttribute("aria-busy", busy);
    if (busy) {
      connect.disabled = true;
    }
  }

  problemsBeforeSending() {
    const items = [];
    if (this.mode === "connect" && !this.nameInput.value.trim()) {
      const message = "Enter a name for this account.";
      showMessage(this.part("name-error"), message);
      items.push(message);
    }
    if (this.keyGroups.count === 0) {
      items.push("Add a key with ++ Add Extra Key first.");
    }
    for (const { row, message } of this.keyGroups.missingFields()) {
      this.keyGroups.setError(row, message);
      items.push(`Key ${row.number}: ${message}`);
    }
    return items;
  }

  async submit() {
    if (this.busy) {
      return;
    }
    this.clearSummary();
    this.keyGroups.clearErrors();
    showMessage(this.part("name-error"), "");
    const problems = this.problemsBeforeSending();
    if (problems.length) {
      this.showSummary("Some details are missing.", problems);
      return;
    }
    const generation = this.generation;
    const sentRows = [...this.keyGroups.rows];
    const keys = this.keyGroups.values();
    const previousKeyIds = new Set((this.account?.keys ?? []).map((key) => key.id));
    this.setBusy(true);
    this.part("progress").textContent = "Checking your keys with Kraken…";
    let result;
    try {
      result =
        this.mode === "connect"
          ? await api("POST", "/api/accounts", {
              exchange: KRAKEN,
              name: this.nameInput.value.trim(),
              keys,
            })
          : await api("POST", `/api/accounts/${encodeURIComponent(this.account.id)}/keys`, { keys });
    } catch (error) {
      if (generation === this.generation) {
        this.setBusy(false);
        this.button("connect").disabled = false;
        this.part("progress").textContent = "";
        this.showFailure(error, sentRows);
      }
      return;
    }
    if (generation !== this.generation) {
      this.onChanged(result.account.id); // closed while Kraken answered: the keys are stored
      return;
    }
    this.setBusy(false);
    this.part("progress").textContent = "";
    this.changed = true;
    this.result = result;
    this.showVerified(result, previousKeyIds);
  }

  showFailure(error, sentRows) {
    const items = [];
    for (const keyError of error.keyErrors) {
      const row = sentRows[keyError.index];
      if (row && row.element.isConnected) {
        this.keyGroups.setError(row, keyError.message);
        items.push(`Key ${row.number}: ${keyError.message}`);
      } else {
        items.push(keyError.message);
      }
    }
    if (error.status === 409) {
      this.updateLimit(error.message);
    }
    if (error.status === 401) {
      items.push("Log in again in another tab, then click Connect here: what you typed is kept.");
    }
    // With refusals per key, the list says it all; the API's sentence would repeat it.
    // A 502 is Kraken not answering: nothing to fix in the keys, so the API's sentence leads.
    const refused = error.status === 502 ? 0 : error.keyErrors.length;
    const title = refused
      ? `Kraken refused ${refused === 1 ? "1 key" : `${refused} keys`}. Nothing was saved: fix ${refused === 1 ? "it" : "them"} below and click Connect again.`
      : error.message;
    this.showSummary(title, items);
  }

  showSummary(title, items) {
    const summary = this.part("summary");
    this.part("summary-title").textContent = title;
    this.part("summary-list").replaceChildren(...items.map((text) => el("li", { text })));
    summary.hidden = false;
    summary.focus();
  }

  clearSummary() {
    this.part("summary").hidden = true;
    this.part("summary-title").textContent = "";
    this.part("summary-list").replaceChildren();
  }

  // Steps 9 and 10: Next, then Complete

  showVerified(result, previousKeyIds) {
    const { account } = result;
    const added = account.keys.filter((key) => !previousKeyIds.has(key.id));
    const keyWarnings = added.flatMap((key) => key.warnings);
    this.part("verified-list").replaceChildren(
      ...added.map((key) =>
        el("li", { className: "verified-item" }, [
          el("span", { className: "pill pill-good", text: "Verified" }),
          el("strong", { text: `Key ${key.position}` }),
          el("span", { text: key.name }),
          el("code", { className: "mono", text: key.masked_key }),
          ...(key.warnings.length
            ? [el("ul", { className: "warning-list" }, key.warnings.map((text) => el("li", { text })))]
            : []),
        ]),
      ),
    );
    // The account-wide list repeats each key's warnings (prefixed with its name): skip those.
    const general = (result.warnings ?? []).filter(
      (text) => !keyWarnings.some((warning) => text.includes(warning)),
    );
    const generalList = this.part("general-warnings");
    generalList.replaceChildren(...general.map((text) => el("li", { text })));
    generalList.hidden = general.length === 0;
    this.keyGroups.clear(); // the private keys leave the page
    this.showScreen("verified");
    this.button("next").focus();
  }

  showConnected() {
    const { account } = this.result;
    this.part("done-title").textContent = CONNECTED_TITLE;
    const table = this.part("done-balances");
    this.part("done-balances-body").replaceChildren(...balanceRows(account.balances));
    table.hidden = account.balances.length === 0;
    const keys = keyCount(account.keys.length, account.max_keys);
    const uses = `Altrady trades on “${account.name}” with ${keys}.`;
    this.part("done-note").textContent = account.balances.length
      ? `${uses} Balances on Kraken:`
      : `${uses} Balances have not arrived yet: they appear on the account shortly, or click Resync there.`;
    this.showScreen("done");
    this.button("complete").focus();
  }
}
