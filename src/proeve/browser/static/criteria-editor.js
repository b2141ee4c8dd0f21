/* The work processes editor (proeve.browser.criteria_widget): rows to add, remove and
   reorder, written back into the form's textarea (JSON) on every change. The server checks
   what is posted; without this script the textarea is the editor. */
(function () {
  "use strict";

  function text(value) {
    return typeof value === "string" ? value : "";
  }

  function clone(editor, name) {
    return editor.querySelector("template." + name).content.firstElementChild.cloneNode(true);
  }

  function field(row, key) {
    return row.querySelector('[data-key="' + key + '"]');
  }

  function addCriterion(editor, process, criterion) {
    var row = clone(editor, "proeve-wp-criterion-template");
    field(row, "id").value = text(criterion.id);
    field(row, "text").value = text(criterion.text);
    field(row, "crucial").checked = criterion.crucial === true;
    process.querySelector(".proeve-wp-criteria").appendChild(row);
    return row;
  }

  function addProcess(editor, data) {
    var process = clone(editor, "proeve-wp-process-template");
    ["core_task", "code", "title"].forEach(function (key) {
      field(process, key).value = text(data[key]);
    });
    editor.querySelector(".proeve-wp-list").appendChild(process);
    var criteria = Array.isArray(data.criteria) && data.criteria.length ? data.criteria : [{}];
    criteria.forEach(function (criterion) {
      addCriterion(editor, process, criterion || {});
    });
    return process;
  }

  function read(editor) {
    return Array.prototype.map.call(
      editor.querySelectorAll(".proeve-wp-process"),
      function (process) {
        var data = {};
        var coreTask = field(process, "core_task").value.trim();
        if (coreTask) {
          data.core_task = coreTask;
        }
        data.code = field(process, "code").value.trim();
        data.title = field(process, "title").value.trim();
        data.criteria = Array.prototype.map.call(
          process.querySelectorAll(".proeve-wp-criterion"),
          function (row) {
            return {
              id: field(row, "id").value.trim(),
              text: field(row, "text").value.trim(),
              crucial: field(row, "crucial").checked,
            };
          }
        );
        return data;
      }
    );
  }

  function sync(editor, source) {
    source.value = JSON.stringify(read(editor), null, 2);
    editor.querySelectorAll(".proeve-wp-process").forEach(function (process, index) {
      var legend = process.querySelector(".proeve-wp-legend");
      legend.id = source.id + "-wp-" + (index + 1);
      process.setAttribute("aria-labelledby", legend.id);
      process.querySelector(".proeve-wp-number").textContent = String(index + 1);
    });
  }

  function move(item, direction) {
    if (direction === "up" && item.previousElementSibling) {
      item.parentNode.insertBefore(item, item.previousElementSibling);
    } else if (direction === "down" && item.nextElementSibling) {
      item.parentNode.insertBefore(item.nextElementSibling, item);
    }
  }

  function act(editor, button) {
    var action = button.getAttribute("data-action");
    var item = button.closest(".proeve-wp-criterion") || button.closest(".proeve-wp-process");
    if (action === "add-criterion") {
      field(addCriterion(editor, item, {}), "id").focus();
    } else if (action === "remove") {
      item.remove();
    } else {
      move(item, action);
      button.focus();
    }
  }

  function start(editor) {
    if (editor.dataset.started) {
      return;
    }
    editor.dataset.started = "1";
    var source = editor.querySelector("textarea[name]");
    var value;
    try {
      value = JSON.parse(source.value || "[]");
    } catch (e) {
      value = null;
    }
    if (!Array.isArray(value)) {
      // Text that is no list stays as typed, with the server's message above it.
      editor.querySelector(".proeve-wp-unreadable").hidden = false;
      return;
    }
    source.hidden = true;
    value.forEach(function (process) {
      addProcess(editor, process && typeof process === "object" ? process : {});
    });
    var add = editor.querySelector(".proeve-wp-add");
    add.hidden = false;
    add.addEventListener("click", function () {
      field(addProcess(editor, {}), "code").focus();
      sync(editor, source);
    });
    var list = editor.querySelector(".proeve-wp-list");
    list.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (button) {
        act(editor, button);
        sync(editor, source);
      }
    });
    list.addEventListener("input", function () {
      sync(editor, source);
    });
    list.addEventListener("change", function () {
      sync(editor, source);
    });
    sync(editor, source);
  }

  document.querySelectorAll(".proeve-wp-editor").forEach(start);
})();
