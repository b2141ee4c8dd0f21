/* Proeve: confirmation dialogs on the PvB page and the assessment form.
 * Without JavaScript the links lead to a confirmation page; the server checks everything.
 */
(function () {
  "use strict";
  document.querySelectorAll(".proeve-open-dialog").forEach(function (opener) {
    var dialog = document.getElementById(opener.dataset.dialog);
    if (!dialog || typeof dialog.showModal !== "function") {
      return;
    }
    opener.addEventListener("click", function (event) {
      event.preventDefault();
      // A decision confirmed in a dialog: its fields are checked before the dialog opens.
      var form = opener.closest("form");
      if (opener.dataset.validate && form && !form.reportValidity()) {
        return;
      }
      dialog.showModal();
    });
  });
  document.querySelectorAll(".proeve-close-dialog").forEach(function (button) {
    button.addEventListener("click", function () {
      button.closest("dialog").close();
    });
  });
  // Assessment form: a justification is required with Onvoldoende.
  document.querySelectorAll(".proeve-criterion").forEach(function (row) {
    var reason = row.querySelector("textarea");
    function update() {
      var failed = row.querySelector("input[value=unsatisfactory]:checked");
      if (reason) {
        reason.required = Boolean(failed);
        reason.setAttribute("aria-required", failed ? "true" : "false");
        row.classList.toggle("proeve-needs-reason", Boolean(failed));
      }
    }
    row.querySelectorAll("input[type=radio]").forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  });
})();
