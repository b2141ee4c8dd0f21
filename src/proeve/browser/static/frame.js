/* Proeve's frame: the skip link is the first stop of the keyboard, also before Plone's
   toolbar, and moves the focus into the content; the toolbar's pin toggles (anchors without
   an address) become buttons that the keyboard can use; the landmarks of Plone's frame get
   names (translated in the skip link's data attributes), so each is found by its name. */
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

  function nameTheLandmarks() {
    var labels = (document.getElementById("proeve-skip-link") || {}).dataset;
    if (!labels) {
      return;
    }
    // A section with role=toolbar is not allowed, and leaves the toolbar outside any
    // landmark: a named section is a region; its #edit-zone inside stays the toolbar.
    var bar = document.getElementById("edit-bar");
    if (bar && bar.getAttribute("role") === "toolbar") {
      bar.removeAttribute("role");
      bar.setAttribute("aria-label", labels.labelToolbar);
    }
    var named = {
      "portal-globalnav-wrapper": labels.labelMainnav,
      "global_statusmessage": labels.labelMessages
    };
    Object.keys(named).forEach(function (id) {
      var element = document.getElementById(id);
      if (element && !element.hasAttribute("aria-label")) {
        element.setAttribute("aria-label", named[id]);
      }
    });
  }

  function start() {
    skipLinkFirst();
    toolbarTogglesAreButtons();
    nameTheLandmarks();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
