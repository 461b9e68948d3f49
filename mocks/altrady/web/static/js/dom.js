// Small DOM helpers. Data only ever reaches the page through textContent and attributes,
// never through innerHTML, so a name like <img src=x onerror=...> stays text.

export function cloneTemplate(id) {
  const template = document.getElementById(id);
  if (!(template instanceof HTMLTemplateElement)) {
    throw new Error(`template #${id} is missing`);
  }
  return template.content.firstElementChild.cloneNode(true);
}

export function slot(root, name) {
  const found = root.querySelector(`[data-slot="${name}"]`);
  if (!found) {
    throw new Error(`slot ${name} is missing`);
  }
  return found;
}

export function el(tag, { className, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  for (const [name, value] of Object.entries(attrs ?? {})) {
    node.setAttribute(name, String(value));
  }
  node.append(...children);
  return node;
}

// Show ``text`` in ``node``, or hide the node when there is nothing to say.
export function showMessage(node, text) {
  node.textContent = text ? String(text) : "";
  node.hidden = !text;
}
