/* Voices: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // "Leave this site quickly": hide the page at once and replace it in history.
  document.querySelectorAll("[data-exit]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      document.body.classList.add("exiting");
      document.title = "BBC Weather";
      window.location.replace(link.href);
    });
  });

  // Read aloud with the browser's own speech; the button stays hidden where there is none.
  if ("speechSynthesis" in window && "SpeechSynthesisUtterance" in window) {
    document.querySelectorAll("[data-read-aloud]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.speechSynthesis.cancel();
        // A page of several parts (the results page) reads the part the button is in.
        var scope = button.closest("[data-read-scope]") || button.closest("form") || document;
        scope.querySelectorAll("[data-speak]").forEach(function (el) {
          var utterance = new SpeechSynthesisUtterance(el.textContent.trim());
          utterance.lang = el.closest("[lang]").getAttribute("lang");
          window.speechSynthesis.speak(utterance);
        });
      });
    });
  }

  // Live character count, announced politely; the limit is written on the page without JS.
  document.querySelectorAll("[data-maxlength]").forEach(function (field) {
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    var shown = document.querySelector('[data-count-for="' + field.id + '"]');
    var status = field.closest("form").querySelector("[data-count-status]");
    var timer = null;
    function update() {
      var left = limit - field.value.length;
      var template = field.getAttribute(left >= 0 ? "data-count-left" : "data-count-over");
      var text = template.replace("%(count)s", String(Math.abs(left)));
      shown.textContent = text;
      shown.classList.toggle("character-count--over", left < 0);
      clearTimeout(timer);
      timer = setTimeout(function () { status.textContent = text; }, 800);
    }
    field.addEventListener("input", update);
    update();
  });

  // Move focus to the error summary so screen readers hear it first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
})();
