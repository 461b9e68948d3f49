// The login form: POST /api/session, then on to the page the user asked for.
import { api } from "./http.js";
import { showMessage } from "./dom.js";

const form = document.getElementById("login-form");
const errorBox = document.getElementById("login-error");
const email = document.getElementById("login-email");
const password = document.getElementById("login-password");
const submit = form.querySelector("button[type=submit]");

function nextPath() {
  const target = form.dataset.next || "/dashboard";
  // The server already checked it; refuse anything that is not a path on this site anyway.
  return target.startsWith("/") && !target.startsWith("//") ? target : "/dashboard";
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  showMessage(errorBox, "");
  if (!email.value.trim() || !password.value) {
    showMessage(errorBox, "Enter your email and password.");
    (email.value.trim() ? password : email).focus();
    return;
  }
  submit.disabled = true;
  form.setAttribute("aria-busy", "true");
  try {
    await api("POST", "/api/session", { email: email.value.trim(), password: password.value });
    window.location.assign(nextPath());
  } catch (error) {
    showMessage(errorBox, error.message);
    password.select();
    submit.disabled = false;
    form.removeAttribute("aria-busy");
  }
});
