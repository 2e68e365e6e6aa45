// The "/" attribute picker: in any input or textarea marked data-placeholders, it offers the
// attributes and inserts {{name}}. URLs, paths and JSON are full of "/", so "/" stays a normal
// character except where it cannot be one: it opens the list only at the start of a word (start
// of the field, after a space or after one of " ' ( [ { , = >), right after "{{", or when it
// replaces a selection. Typing "{{" opens it too. Nothing is inserted until the user moves to an
// item (arrow keys, or a click): Enter and Tab then act as usual. Escape, or typing something no
// attribute matches, closes it. The inserted {{name}} replaces what opened the list ("/", "{{"
// or "{{/"), so no stray slash is left behind.
// The field follows the WAI-ARIA combobox pattern: role, aria-expanded, aria-controls and
// aria-activedescendant naming the option the user moved to.
// The list comes from <script type="application/json" id="attribute-names">. Every listener sits
// on document, so fields swapped in later by htmx work without binding.
"use strict";
(function () {
  const LIST_ID = "attribute-picker";
  const WORD_START = /[\s"'([{,=>]/;
  let box = null; // the open list: { field, start, items, index, el }
  let replacing = false; // the input being typed replaces a selection

  function names() {
    const node = document.getElementById("attribute-names");
    if (!node) return [];
    try {
      const list = JSON.parse(node.textContent || "[]");
      return Array.isArray(list) ? list.filter((n) => typeof n === "string") : [];
    } catch (_) {
      return [];
    }
  }

  function isField(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA") &&
      el.hasAttribute("data-placeholders");
  }

  /** Makes the field a combobox the first time it gets focus. */
  function prepare(field) {
    if (field.getAttribute("role") === "combobox") return;
    field.setAttribute("role", "combobox");
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-haspopup", "listbox");
    field.setAttribute("aria-expanded", "false");
    if (field.tagName === "TEXTAREA") field.setAttribute("aria-multiline", "true");
  }

  function close() {
    if (!box) return;
    box.el.remove();
    box.field.setAttribute("aria-expanded", "false");
    box.field.removeAttribute("aria-activedescendant");
    box.field.removeAttribute("aria-controls");
    box = null;
  }

  /** Opens the list for a trigger starting at `start`; the query is what follows `skip` characters. */
  function open(field, start, skip) {
    close();
    prepare(field);
    const el = document.createElement("ul");
    el.className = "picker";
    el.setAttribute("role", "listbox");
    el.setAttribute("aria-label", "Attributes");
    el.id = LIST_ID;
    document.body.appendChild(el);
    box = { field, start, skip, items: [], index: -1, el };
    field.setAttribute("aria-controls", LIST_ID);
    field.setAttribute("aria-expanded", "true");
    update();
  }

  function query() {
    return box.field.value.slice(box.start + box.skip, box.field.selectionStart ?? 0);
  }

  function update() {
    const caret = box.field.selectionStart ?? 0;
    // "{{" then "/": the slash belongs to the trigger, not to the query.
    if (box.skip === 2 && query() === "/") box.skip = 3;
    const q = query();
    if (caret < box.start + box.skip || /[\s/{}]/.test(q)) return close();
    const lower = q.toLowerCase();
    const previous = box.items[box.index];
    box.items = names().filter((n) => n.toLowerCase().includes(lower));
    if (box.items.length === 0) return close();
    // The item moved to stays chosen while it still matches; otherwise nothing is chosen.
    box.index = previous === undefined ? -1 : box.items.indexOf(previous);
    box.el.replaceChildren(...box.items.map((name, i) => {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = `${LIST_ID}-${i}`;
      li.dataset.name = name;
      li.textContent = name;
      li.setAttribute("aria-selected", i === box.index ? "true" : "false");
      return li;
    }));
    if (box.index >= 0) box.field.setAttribute("aria-activedescendant", `${LIST_ID}-${box.index}`);
    else box.field.removeAttribute("aria-activedescendant");
    const rect = box.field.getBoundingClientRect();
    const width = Math.min(Math.max(rect.width, 180), 280, document.documentElement.clientWidth - 16);
    const left = Math.min(rect.left, document.documentElement.clientWidth - width - 8);
    box.el.style.left = `${Math.max(8, left) + globalThis.scrollX}px`;
    box.el.style.top = `${rect.bottom + globalThis.scrollY + 2}px`;
    box.el.style.width = `${width}px`;
    box.el.children[box.index]?.scrollIntoView({ block: "nearest" });
  }

  function insert(name) {
    const field = box.field;
    const from = box.start;
    const to = field.selectionStart ?? field.value.length;
    const text = `{{${name}}}`;
    field.value = field.value.slice(0, from) + text + field.value.slice(to);
    const caret = from + text.length;
    field.setSelectionRange(caret, caret);
    close();
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.focus();
  }

  document.addEventListener("focusin", (event) => {
    if (isField(event.target)) prepare(event.target);
  });

  document.addEventListener("beforeinput", (event) => {
    const field = event.target;
    replacing = isField(field) && field.selectionStart !== field.selectionEnd;
  });

  document.addEventListener("input", (event) => {
    const field = event.target;
    if (!isField(field)) return;
    if (box && box.field === field) return update();
    if (event.inputType !== "insertText") return;
    const caret = field.selectionStart ?? 0;
    const before = field.value.slice(0, caret);
    if (event.data === "/" && before.endsWith("/")) {
      const at = caret - 1;
      if (replacing || at === 0 || WORD_START.test(before[at - 1])) return open(field, at, 1);
    } else if (event.data === "{" && before.endsWith("{{") && !before.endsWith("{{{")) {
      open(field, caret - 2, 2);
    }
  });

  document.addEventListener("keydown", (event) => {
    if (!box || event.target !== box.field) return;
    const n = box.items.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      box.index = box.index < 0
        ? (event.key === "ArrowDown" ? 0 : n - 1)
        : (box.index + (event.key === "ArrowDown" ? 1 : n - 1)) % n;
      update();
    } else if (event.key === "Enter" || event.key === "Tab") {
      if (box.index < 0) return close(); // not chosen: the key does what it always does
      event.preventDefault();
      insert(box.items[box.index]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });

  // mousedown, not click: the field must keep its focus and caret.
  document.addEventListener("mousedown", (event) => {
    if (!box) return;
    const item = event.target.closest && event.target.closest(".picker li");
    if (item) {
      event.preventDefault();
      insert(item.dataset.name);
    } else if (event.target !== box.field) close();
  });

  // An htmx swap may take the field away while its list is open (the flow's node forms).
  document.addEventListener("htmx:afterSwap", () => {
    if (box && !box.field.isConnected) close();
  });

  document.addEventListener("focusout", (event) => {
    if (box && event.target === box.field) {
      setTimeout(() => box && document.activeElement !== box.field && close(), 0);
    }
  });
})();
