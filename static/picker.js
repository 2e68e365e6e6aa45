// The "/" attribute picker: in any input or textarea marked data-placeholders,
// typing "/" offers the attributes; Enter (or a click) inserts {{name}} at the cursor.
// The list comes from <script type="application/json" id="attribute-names">.
// data-placeholders="keep-slash" keeps the "/" (URL paths need it); otherwise it is replaced.
// Every listener sits on document, so fields swapped in later by htmx work without binding.
"use strict";
(function () {
  let box = null; // the open list: { field, start, items, index, el }

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

  function close() {
    if (box) box.el.remove();
    box = null;
  }

  function open(field, start) {
    close();
    const el = document.createElement("ul");
    el.className = "picker";
    el.setAttribute("role", "listbox");
    el.id = "attribute-picker";
    document.body.appendChild(el);
    box = { field, start, items: [], index: 0, el };
    field.setAttribute("aria-controls", el.id);
    update();
  }

  function query() {
    return box.field.value.slice(box.start + 1, box.field.selectionStart ?? 0);
  }

  function update() {
    const caret = box.field.selectionStart ?? 0;
    const q = query();
    if (caret <= box.start || box.field.value[box.start] !== "/" || /[\s/{}]/.test(q)) return close();
    const lower = q.toLowerCase();
    box.items = names().filter((n) => n.toLowerCase().includes(lower));
    if (box.items.length === 0) return close();
    box.index = Math.min(box.index, box.items.length - 1);
    box.el.replaceChildren(...box.items.map((name, i) => {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      li.dataset.name = name;
      li.textContent = name;
      if (i === box.index) li.setAttribute("aria-selected", "true");
      return li;
    }));
    const rect = box.field.getBoundingClientRect();
    box.el.style.left = `${rect.left + globalThis.scrollX}px`;
    box.el.style.top = `${rect.bottom + globalThis.scrollY + 2}px`;
    box.el.style.minWidth = `${Math.min(rect.width, 280)}px`;
    box.el.children[box.index]?.scrollIntoView({ block: "nearest" });
  }

  function insert(name) {
    const field = box.field;
    const keep = field.getAttribute("data-placeholders") === "keep-slash";
    const from = keep ? box.start + 1 : box.start;
    const to = field.selectionStart ?? field.value.length;
    const text = `{{${name}}}`;
    field.value = field.value.slice(0, from) + text + field.value.slice(to);
    const caret = from + text.length;
    field.setSelectionRange(caret, caret);
    close();
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.focus();
  }

  document.addEventListener("input", (event) => {
    const field = event.target;
    if (!isField(field)) return;
    if (box && box.field === field) return update();
    const caret = field.selectionStart ?? 0;
    if (event.inputType === "insertText" && event.data === "/" && field.value[caret - 1] === "/") {
      open(field, caret - 1);
    }
  });

  document.addEventListener("keydown", (event) => {
    if (!box || event.target !== box.field) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const n = box.items.length;
      box.index = (box.index + (event.key === "ArrowDown" ? 1 : n - 1)) % n;
      update();
    } else if (event.key === "Enter" || event.key === "Tab") {
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
