/* Kiosk mode: one tablet passed round a meeting. When nobody has touched it for a while,
   ask "Are you still there?"; if still nobody answers, clear the tablet (the server forgets
   its response) and go back to the welcome page for the next person. Any touch, key or typing
   restarts the wait; "Yes, carry on" (or Escape) closes the warning and keeps what was typed.
   The timings come from the page (data-idle, data-warning: seconds). */
(function () {
  "use strict";

  // "Thank you" back to the start for the next person; the warning page clears the tablet.
  // replace(): the page being left stays out of the browser's history.
  document.querySelectorAll("[data-kiosk-return]").forEach(function (element) {
    var after = parseFloat(element.getAttribute("data-after")) * 1000;
    setTimeout(function () {
      window.location.replace(element.getAttribute("data-kiosk-return"));
    }, after);
  });

  var dialog = document.querySelector("dialog[data-kiosk]");
  if (!dialog || typeof dialog.showModal !== "function") { return; }
  var idle = parseFloat(dialog.getAttribute("data-idle")) * 1000;
  var warning = parseFloat(dialog.getAttribute("data-warning")) * 1000;
  var clearUrl = dialog.getAttribute("data-clear-url");
  var idleTimer = null;
  var clearTimer = null;

  function clearTablet() {
    window.location.replace(clearUrl);
  }

  function warn() {
    dialog.showModal();
    clearTimer = setTimeout(clearTablet, warning);
  }

  function restart() {
    if (dialog.open) { return; } // only "Yes, carry on" answers the warning
    clearTimeout(idleTimer);
    idleTimer = setTimeout(warn, idle);
  }

  dialog.addEventListener("close", function () {
    clearTimeout(clearTimer);
    restart();
  });
  ["input", "keydown", "pointerdown", "touchstart", "scroll"].forEach(function (name) {
    document.addEventListener(name, restart, { capture: true, passive: true });
  });
  restart();
})();
