// The wizard's new-key fieldsets: "Key 1", "Key 2", ... each with "API key" and
// "Private key", removable with "Remove key N", and an alert for what Kraken refused.
import { cloneTemplate, slot, showMessage } from "./dom.js";

let uniqueId = 0;

export class KeyGroups {
  constructor(container) {
    this.container = container;
    this.rows = [];
    this.firstNumber = 1; // an edit numbers new keys after the stored ones
    this.firstRowRemovable = false; // connecting needs at least "Key 1"
  }

  get count() {
    return this.rows.length;
  }

  configure({ firstNumber, firstRowRemovable }) {
    this.firstNumber = firstNumber;
    this.firstRowRemovable = firstRowRemovable;
    this.renumber();
  }

  add(onRemove) {
    const element = cloneTemplate("key-group-template");
    uniqueId += 1;
    const row = {
      element,
      apiKey: slot(element, "api-key"),
      privateKey: slot(element, "private-key"),
      error: slot(element, "key-error"),
      removeButton: element.querySelector('[data-action="remove-key"]'),
    };
    const errorId = `key-error-${uniqueId}`;
    row.apiKey.id = `key-${uniqueId}-api`;
    row.privateKey.id = `key-${uniqueId}-private`;
    row.error.id = errorId;
    slot(element, "api-key-label").htmlFor = row.apiKey.id;
    slot(element, "private-key-label").htmlFor = row.privateKey.id;
    row.removeButton.addEventListener("click", () => onRemove(row));
    this.rows.push(row);
    this.container.append(element);
    this.renumber();
    return row;
  }

  remove(row) {
    this.rows = this.rows.filter((candidate) => candidate !== row);
    row.element.remove();
    this.renumber();
  }

  clear() {
    for (const row of this.rows) {
      row.element.remove(); // the private keys typed go with it
    }
    this.rows = [];
  }

  renumber() {
    this.rows.forEach((row, index) => {
      const number = this.firstNumber + index;
      slot(row.element, "legend").textContent = `Key ${number}`;
      row.removeButton.setAttribute("aria-label", `Remove key ${number}`);
      row.removeButton.hidden = index === 0 && !this.firstRowRemovable;
      row.number = number;
    });
  }

  values() {
    return this.rows.map((row) => ({
      api_key: row.apiKey.value.trim(),
      private_key: row.privateKey.value.trim(),
    }));
  }

  clearErrors() {
    for (const row of this.rows) {
      this.setError(row, "");
    }
  }

  setError(row, message) {
    showMessage(row.error, message);
    for (const input of [row.apiKey, row.privateKey]) {
      if (message) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", row.error.id);
      } else {
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
      }
    }
  }

  // Rows with a field left empty, each with what is missing.
  missingFields() {
    const problems = [];
    for (const row of this.rows) {
      const apiKey = row.apiKey.value.trim();
      const privateKey = row.privateKey.value.trim();
      if (!apiKey && !privateKey) {
        problems.push({ row, message: "Paste the API key and the private key from Kraken." });
      } else if (!apiKey) {
        problems.push({ row, message: "Paste the API key from Kraken." });
      } else if (!privateKey) {
        problems.push({ row, message: "Paste the private key from Kraken." });
      }
    }
    return problems;
  }
}
