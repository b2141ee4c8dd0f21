/* Proeve: a PvB for the ticked candidates of a group, through the group's @bulk-pvb.
 *
 * The candidates go to the server in small portions, one request (and one short
 * transaction) each; the bar shows how many the server has handled. The server decides
 * everything (rights, assignment, people, dates); this page shows its report.
 */
(function () {
  "use strict";
  var form = document.getElementById("group-bulk");
  if (!form || !form.dataset.endpoint || !window.fetch) {
    return;
  }
  var PORTION = 10;
  var texts = JSON.parse(form.dataset.messages || "{}");
  var all = document.getElementById("select-all");
  var boxes = Array.prototype.slice.call(form.querySelectorAll(".candidate-select"));
  var bar = document.getElementById("bulk-progress");
  var status = document.getElementById("bulk-status");
  var report = document.getElementById("bulk-report");
  var button = document.getElementById("bulk-submit");

  function fill(text, values) {
    return (text || "").replace(/\$\{(\w+)\}/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  function progress(done, total) {
    var percent = total ? Math.floor((done / total) * 100) : 0;
    bar.style.width = percent + "%";
    bar.setAttribute("aria-valuenow", String(percent));
    bar.textContent = percent + "%";
  }

  if (all) {
    all.addEventListener("change", function () {
      boxes.forEach(function (box) {
        box.checked = all.checked;
      });
    });
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        var ticked = boxes.filter(function (b) { return b.checked; }).length;
        all.checked = ticked === boxes.length;
        all.indeterminate = ticked > 0 && ticked < boxes.length;
      });
    });
  }

  // The fields the page marks as settings (the assignment, location, dates and the
  // people the school's table offers), by their names.
  function settings() {
    var data = {};
    Array.prototype.forEach.call(form.querySelectorAll("[data-bulk-setting]"), function (field) {
      if (field.name && field.value) {
        data[field.name] = field.value;
      }
    });
    return data;
  }

  // An assignment of another cohort than the group: allowed, and said before and after.
  var assignment = form.elements.assignment_uid;
  var warning = document.getElementById("bulk-assignment-warning");

  function warn(lines) {
    warning.textContent = lines.join(" ");
    warning.hidden = !lines.length;
  }

  if (assignment && warning) {
    assignment.addEventListener("change", function () {
      var chosen = assignment.options[assignment.selectedIndex];
      warn(chosen && chosen.dataset.warning ? [chosen.dataset.warning] : []);
    });
  }

  // The people fields: what is typed in a field's search is asked of the school's pool on
  // the server (the pool's vocabulary, which lists only the people this user may see); the
  // list below it is filled with the names found and keeps the person already chosen.
  var SHOWN = 20;

  function personSearch(search) {
    var select = document.getElementById(search.getAttribute("aria-controls"));
    var found = document.getElementById(search.dataset.found);
    var timer = null;
    var asked = 0;

    function addOption(value, title) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = title;
      select.appendChild(option);
    }

    function show(items) {
      var chosen = select.options[select.selectedIndex];
      var keep = chosen && chosen.value ? { value: chosen.value, title: chosen.textContent } : null;
      while (select.options.length > 1) {
        select.remove(1);
      }
      if (keep) {
        addOption(keep.value, keep.title);
      }
      items.forEach(function (item) {
        if (!keep || item.token !== keep.value) {
          addOption(item.token, item.title);
        }
      });
      select.value = keep ? keep.value : "";
    }

    function ask() {
      var text = search.value.trim();
      var mine = ++asked;
      if (!text) {
        show([]);
        found.textContent = "";
        return;
      }
      var url = search.dataset.pool + "?sort_on=title&b_size=" + SHOWN +
        "&title=" + encodeURIComponent(text);
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : Promise.reject(response.status);
        })
        .then(function (json) {
          if (mine !== asked) {
            return;  // an answer to an older text
          }
          var items = json.items || [];
          var total = json.items_total || items.length;
          show(items);
          found.textContent = !items.length ? texts.found_none
            : total > items.length ? fill(texts.found_first, { shown: items.length, count: total })
            : fill(texts.found, { count: total });
        }, function () {
          if (mine === asked) {
            found.textContent = texts.search_failed;
          }
        });
    }

    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 250);
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {  // a search, not the form's submit
        event.preventDefault();
        clearTimeout(timer);
        ask();
      }
    });
  }

  Array.prototype.forEach.call(form.querySelectorAll(".proeve-person-search"), personSearch);

  // A person who may not be the second assessor (process.people): said beside the field,
  // before anything is posted; the server refuses it anyway.
  var rules = JSON.parse(form.dataset.peopleRules || "{}");

  function clearFieldErrors() {
    Array.prototype.forEach.call(form.querySelectorAll(".proeve-field-error"), function (el) {
      el.remove();
    });
    Array.prototype.forEach.call(form.querySelectorAll("[data-bulk-setting].is-invalid"), function (field) {
      field.classList.remove("is-invalid");
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
    });
  }

  function fieldError(name, message) {
    var field = form.elements[name];
    if (!field || !field.dataset || !("bulkSetting" in field.dataset)) {
      return false;
    }
    var note = document.createElement("div");
    note.className = "invalid-feedback d-block proeve-field-error";
    note.id = "bulk-" + name + "-error";
    note.textContent = message;
    field.classList.add("is-invalid");
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-describedby", note.id);
    field.insertAdjacentElement("afterend", note);
    return true;
  }

  function peopleConflict() {
    var second = rules.field && form.elements[rules.field];
    if (!second || !second.value) {
      return null;
    }
    for (var other in rules.others || {}) {
      var field = form.elements[other];
      if (field && field.value === second.value) {
        return rules.others[other];
      }
    }
    return null;
  }

  // The table above the form shows each new PvB at once, as a reload would.
  function showInTable(entry) {
    var row = document.querySelector(
      "#group-candidates tr[data-candidate='" + String(entry.candidate).replace(/'/g, "") + "']");
    if (!row || !entry.pvb) {
      return;
    }
    var cell = row.cells[row.cells.length - 1];
    var none = cell.querySelector(".text-muted");
    if (none) {
      none.remove();
    }
    var list = cell.querySelector("ul");
    if (!list) {
      list = document.createElement("ul");
      list.className = "list-unstyled mb-0";
      cell.appendChild(list);
    }
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = entry.pvb;
    var chosen = assignment && assignment.options[assignment.selectedIndex];
    link.textContent = chosen ? chosen.textContent.trim() : entry.pvb;
    var phase = document.createElement("span");
    phase.className = "pvb-phase";
    phase.textContent = texts.phase || "";
    item.appendChild(link);
    item.appendChild(document.createTextNode(": "));
    item.appendChild(phase);
    list.appendChild(item);
  }

  function addRow(entry) {
    var row = report.tBodies[0].insertRow();
    var name = row.insertCell();
    if (entry.pvb) {
      var link = document.createElement("a");
      link.href = entry.pvb;
      link.textContent = entry.name || entry.candidate;
      name.appendChild(link);
    } else {
      name.textContent = entry.name || entry.candidate;
    }
    row.insertCell().textContent = texts[entry.action] || entry.action;
    row.insertCell().textContent = entry.reason || "";
    row.dataset.action = entry.action;
    row.dataset.candidate = entry.candidate;
  }

  function post(body) {
    return fetch(form.dataset.endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Accept": "application/json",
        "Content-Type": "application/json",
        "X-CSRF-TOKEN": form.dataset.csrfToken || ""
      },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (json) {
        return { ok: response.ok, json: json };
      }, function () {
        return { ok: false, json: {} };
      });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var chosen = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    if (!chosen.length) {
      status.textContent = texts.none;
      return;
    }
    clearFieldErrors();
    var conflict = peopleConflict();
    if (conflict) {
      fieldError(rules.field, conflict);
      status.textContent = conflict;
      form.elements[rules.field].focus();
      return;
    }
    var base = settings();
    var portions = [];
    for (var i = 0; i < chosen.length; i += PORTION) {
      portions.push(chosen.slice(i, i + PORTION));
    }
    var done = 0, created = 0, skipped = 0;
    button.disabled = true;
    form.dataset.state = "working";
    report.tBodies[0].innerHTML = "";
    report.hidden = true;
    progress(0, chosen.length);
    status.textContent = fill(texts.working, { done: 0, total: chosen.length });

    function next(index) {
      if (index >= portions.length) {
        status.textContent = fill(texts.done, { created: created, skipped: skipped });
        form.dataset.state = "done";
        button.disabled = false;
        return;
      }
      var body = Object.assign({ candidates: portions[index] }, base);
      post(body).then(function (result) {
        if (!result.ok) {
          var error = result.json.error || {};
          if (error.field) {
            fieldError(error.field, error.message || texts.failed);
          }
          status.textContent = texts.failed + " " + (error.message || "");
          form.dataset.state = "failed";
          button.disabled = false;
          return;
        }
        if (warning && result.json.warnings && result.json.warnings.length) {
          warn(result.json.warnings);
        }
        (result.json.report || []).forEach(function (entry) {
          if (entry.action === "created") {
            created += 1;
            showInTable(entry);
          } else {
            skipped += 1;
          }
          addRow(entry);
        });
        report.hidden = false;
        done += portions[index].length;
        progress(done, chosen.length);
        status.textContent = fill(texts.working, { done: done, total: chosen.length });
        next(index + 1);
      }, function () {
        status.textContent = texts.failed;
        form.dataset.state = "failed";
        button.disabled = false;
      });
    }
    next(0);
  });
})();
