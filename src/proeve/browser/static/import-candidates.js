/* Proeve: the import wizard of an exam group, over the group's @import-candidates.
 *
 * "Voorbeeld bekijken" sends the file as a dry run and shows the server's report per
 * row; only a file without errors can then be imported. While importing, the bar
 * follows the upload of the file, then shows that the server is at work (it commits
 * in batches, so other users are not held up), then the result.
 */
(function () {
  "use strict";
  var form = document.getElementById("import-form");
  if (!form || !window.XMLHttpRequest || !window.FormData) {
    return;
  }
  var texts = JSON.parse(form.dataset.messages || "{}");
  var input = document.getElementById("import-file");
  var runButton = document.getElementById("import-run");
  var previewButton = document.getElementById("import-preview");
  var bar = document.getElementById("import-progress");
  var status = document.getElementById("import-status");
  var report = document.getElementById("import-report");

  function fill(text, values) {
    return (text || "").replace(/\$\{(\w+)\}/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  function progress(percent) {
    bar.classList.remove("progress-bar-striped", "progress-bar-animated");
    bar.style.width = percent + "%";
    bar.setAttribute("aria-valuenow", String(percent));
    bar.textContent = percent + "%";
  }

  function busy() {
    // The server is at work: no number to show, so no aria-valuenow (indeterminate).
    bar.classList.add("progress-bar-striped", "progress-bar-animated");
    bar.style.width = "100%";
    bar.removeAttribute("aria-valuenow");
    bar.textContent = "";
  }

  function showRows(rows) {
    var body = report.tBodies[0];
    body.innerHTML = "";
    (rows || []).forEach(function (row) {
      var tr = body.insertRow();
      var values = row.values || {};
      tr.dataset.action = row.action;
      tr.insertCell().textContent = row.row;
      tr.insertCell().textContent = row.student_code;
      tr.insertCell().textContent = [values.first_name, values.last_name].filter(Boolean).join(" ");
      tr.insertCell().textContent = texts[row.action] || row.action;
      var errors = tr.insertCell();
      if (row.errors && row.errors.length) {
        var list = document.createElement("ul");
        list.className = "mb-0";
        row.errors.forEach(function (text) {
          var item = document.createElement("li");
          item.textContent = text;
          list.appendChild(item);
        });
        errors.appendChild(list);
        tr.classList.add("table-danger");
      }
    });
    report.hidden = !(rows && rows.length);
  }

  function send(dryRun, onDone) {
    var data = new FormData();
    data.append("file", input.files[0], input.files[0].name);
    if (dryRun) {
      data.append("dry_run", "true");
    }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.dataset.endpoint);
    xhr.setRequestHeader("Accept", "application/json");
    // A multipart body by the session cookie needs the CSRF token (docs/api.md).
    xhr.setRequestHeader("X-CSRF-TOKEN", form.dataset.csrfToken || "");
    if (xhr.upload) {
      xhr.upload.onprogress = function (event) {
        if (!dryRun && event.lengthComputable) {
          progress(Math.floor((event.loaded / event.total) * 100));
        }
      };
      xhr.upload.onload = function () {
        if (!dryRun) {
          busy();
          status.textContent = texts.working;
        }
      };
    }
    xhr.onload = function () {
      var json = {};
      try {
        json = JSON.parse(xhr.responseText);
      } catch (e) {
        json = {};
      }
      onDone(xhr.status, json);
    };
    xhr.onerror = function () {
      onDone(0, {});
    };
    xhr.send(data);
  }

  function failed(json) {
    var error = json.error || {};
    status.textContent = error.message || texts.failed;
    form.dataset.state = "failed";
    previewButton.disabled = false;
  }

  input.addEventListener("change", function () {
    runButton.disabled = true;
    report.hidden = true;
    status.textContent = "";
    progress(0);
    form.dataset.state = "";
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!input.files.length) {
      status.textContent = texts.choose;
      return;
    }
    runButton.disabled = true;
    previewButton.disabled = true;
    status.textContent = texts.checking;
    progress(0);
    send(true, function (code, json) {
      previewButton.disabled = false;
      if (json.rows) {
        showRows(json.rows);
      }
      if (code === 200 && json.dry_run) {
        status.textContent = fill(texts.preview, json);
        form.dataset.state = "previewed";
        runButton.disabled = false;
      } else {
        failed(json);
      }
    });
  });

  runButton.addEventListener("click", function () {
    if (!input.files.length) {
      status.textContent = texts.choose;
      return;
    }
    runButton.disabled = true;
    previewButton.disabled = true;
    form.dataset.state = "importing";
    status.textContent = texts.uploading;
    progress(0);
    send(false, function (code, json) {
      if (json.rows) {
        showRows(json.rows);
      }
      if (code === 201) {
        progress(100);
        status.textContent = fill(texts.done, json);
        form.dataset.state = "done";
        previewButton.disabled = false;
      } else {
        progress(0);
        failed(json);
      }
    });
  });
})();
