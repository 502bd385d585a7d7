/* The review screen's keyboard shortcuts: j/k next/previous answer, a accept suggestions,
   s save, ? help. Only an enhancement: every action is a link or button reachable by Tab. */
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-review-item]"));
  var help = document.querySelector("[data-review-help]");
  if (!items.length && !help) { return; }

  // Typing in a box (or choosing from a list) must never be taken over by a shortcut.
  function typing(el) {
    if (!el) { return false; }
    if (el.isContentEditable) { return true; }
    var tag = el.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") { return true; }
    if (tag !== "INPUT") { return false; }
    return ["checkbox", "radio", "button", "submit", "reset"].indexOf(el.type) === -1;
  }

  var current = -1;
  function currentIndex() {
    var active = document.activeElement;
    for (var i = 0; i < items.length; i++) {
      if (items[i] === active || items[i].contains(active)) { return i; }
    }
    return current;
  }

  function go(step) {
    if (!items.length) { return; }
    var at = currentIndex();
    var next = at === -1 ? (step > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, at + step));
    current = next;
    items[next].focus();
    items[next].scrollIntoView({ block: "start" });
  }

  function press(selector) {
    var at = currentIndex();
    var button = at === -1 ? null : items[at].querySelector(selector);
    if (button && button.form) { button.form.requestSubmit(button); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var actions = {
      j: function () { go(1); },
      k: function () { go(-1); },
      a: function () { press("[data-review-accept]"); },
      s: function () { press("[data-review-save]"); },
      "?": function () {
        if (!help) { return; }
        help.open = !help.open;
        help.querySelector("summary").focus();
      }
    };
    var action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });
})();
