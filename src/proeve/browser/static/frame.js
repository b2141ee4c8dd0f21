/* Proeve's frame: the skip link is the first stop of the keyboard, also before Plone's
   toolbar, and moves the focus into the content; the toolbar's pin toggles (anchors without
   an address) become buttons that the keyboard can use. */
(function () {
  "use strict";

  function skipLinkFirst() {
    var link = document.getElementById("proeve-skip-link");
    if (!link) {
      return;
    }
    document.body.insertBefore(link, document.body.firstChild);
    link.addEventListener("click", function (event) {
      var target = document.getElementById("content") ||
        document.getElementById("portal-column-content");
      if (!target) {
        return;
      }
      event.preventDefault();
      if (!target.hasAttribute("tabindex")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    });
  }

  function toolbarTogglesAreButtons() {
    var toggles = document.querySelectorAll("#edit-zone .toolbar-collapse, #edit-zone .toolbar-expand");
    Array.prototype.forEach.call(toggles, function (toggle) {
      toggle.setAttribute("role", "button");
      toggle.setAttribute("tabindex", "0");
      toggle.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          toggle.click();
        }
      });
    });
  }

  function start() {
    skipLinkFirst();
    toolbarTogglesAreButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
