// Behaviour for the Kraken mock's pages: profile menu, revealed form fields, the
// one-time key dialog (copy buttons) and the revoke confirmation. Plain JS, no build.
"use strict";

function setUpProfileMenu(root) {
  const button = root.querySelector("[aria-haspopup='menu']");
  const panel = root.querySelector(".profile__panel");
  const items = () => Array.from(root.querySelectorAll("[role='menuitem']"));

  function open(focusIndex) {
    panel.hidden = false;
    button.setAttribute("aria-expanded", "true");
    const list = items();
    if (focusIndex !== undefined && list.length) {
      list[(focusIndex + list.length) % list.length].focus();
    }
  }
  function close(returnFocus) {
    if (panel.hidden) return;
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
    if (returnFocus) button.focus();
  }
  function isOpen() {
    return !panel.hidden;
  }

  button.addEventListener("click", () => (isOpen() ? close(false) : open()));
  button.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      open(event.key === "ArrowDown" ? 0 : -1);
    }
  });
  panel.addEventListener("keydown", (event) => {
    const list = items();
    const index = list.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      list[(index + step + list.length) % list.length].focus();
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      list[event.key === "Home" ? 0 : list.length - 1].focus();
    } else if (event.key === "Tab") {
      close(false);
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) {
      event.preventDefault();
      close(true);
    }
  });
  document.addEventListener("pointerdown", (event) => {
    if (isOpen() && !root.contains(event.target)) close(false);
  });
}

function setUpRevealedFields() {
  for (const toggle of document.querySelectorAll("input[type='checkbox'][data-reveals]")) {
    const target = document.getElementById(toggle.dataset.reveals);
    if (!target) continue;
    const sync = () => {
      target.hidden = !toggle.checked;
    };
    toggle.addEventListener("change", () => {
      sync();
      if (toggle.checked) {
        const field = target.querySelector("input, textarea");
        if (field) field.focus();
      }
    });
    sync();
  }
}

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  throw new Error("clipboard unavailable");
}

function setUpCopyButtons() {
  for (const button of document.querySelectorAll("[data-copy]")) {
    const source = document.getElementById(button.dataset.copy);
    const status = document.getElementById(button.getAttribute("aria-describedby"));
    button.addEventListener("click", async () => {
      try {
        await copyText(source.value);
        status.textContent = "Copied";
        status.dataset.state = "ok";
      } catch (error) {
        source.focus();
        source.select();
        status.textContent = "Copy failed: press Ctrl+C";
        status.dataset.state = "error";
      }
    });
  }
}

function setUpDialogs() {
  for (const dialog of document.querySelectorAll("dialog[data-open-on-load]")) {
    dialog.showModal();
    const closeHref = dialog.dataset.closeHref;
    if (closeHref) {
      // Replace, not push: going back must not land on the one-time page again.
      const leave = () => window.location.replace(closeHref);
      for (const button of dialog.querySelectorAll("[data-dialog-leave]")) {
        button.addEventListener("click", leave);
      }
      // Escape closes a modal dialog without its Close button: leave the same way.
      dialog.addEventListener("cancel", (event) => {
        event.preventDefault();
        leave();
      });
    }
  }
  for (const cancel of document.querySelectorAll("dialog [data-dialog-cancel]")) {
    cancel.addEventListener("click", () => cancel.closest("dialog").close());
  }
}

function setUpRevokeButtons() {
  const dialog = document.getElementById("revoke-dialog");
  if (!dialog) return;
  const nameInput = dialog.querySelector("[data-revoke-name]");
  const label = dialog.querySelector("[data-revoke-label]");
  let opener = null;
  for (const button of document.querySelectorAll("[data-revoke]")) {
    button.addEventListener("click", () => {
      opener = button;
      nameInput.value = button.dataset.revoke;
      label.textContent = button.dataset.revoke;
      dialog.showModal();
      dialog.querySelector("[data-dialog-cancel]").focus();
    });
  }
  dialog.addEventListener("close", () => {
    if (opener) opener.focus();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  for (const menu of document.querySelectorAll("[data-menu]")) setUpProfileMenu(menu);
  setUpRevealedFields();
  setUpCopyButtons();
  setUpDialogs();
  setUpRevokeButtons();
});
