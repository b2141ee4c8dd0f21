/* Proeve: resumable evidence upload in the browser (TUS 1.0.0 over XMLHttpRequest).
 *
 * The file goes in chunks to the PvB's @tus-upload. When a chunk fails (the
 * connection dropped), the script asks the server how far it got (HEAD) and goes on
 * from there; the upload's address is kept in localStorage, and the page lists the
 * user's unfinished uploads that the server holds (data-unfinished), so a reloaded page,
 * another browser or the same file chosen again continues the same upload. The server
 * decides everything: size, phase, rights.
 */
(function () {
  "use strict";
  var form = document.getElementById("proeve-evidence-upload");
  if (!form || !window.XMLHttpRequest || !window.Blob || !Blob.prototype.slice) {
    return; // the plain form link stays the way to upload
  }
  var CHUNK = 8 * 1024 * 1024;
  var RETRIES = 8;
  var endpoint = form.dataset.endpoint;
  var maxBytes = parseInt(form.dataset.maxBytes, 10);
  var texts = JSON.parse(form.dataset.messages || "{}");
  var bar = document.getElementById("evidence-upload-progress");
  var status = document.getElementById("evidence-upload-status");
  var button = form.querySelector("button[type=submit]");

  function say(key, extra) {
    status.textContent = (texts[key] || key) + (extra ? " " + extra : "");
  }

  function progress(done, total) {
    var percent = total ? Math.floor((done / total) * 100) : 0;
    bar.style.width = percent + "%";
    bar.setAttribute("aria-valuenow", String(percent));
    bar.textContent = percent + "%";
  }

  function b64(text) {
    return btoa(unescape(encodeURIComponent(text)));
  }

  function request(method, url, headers, body, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("Tus-Resumable", "1.0.0");
      xhr.setRequestHeader("X-CSRF-TOKEN", form.dataset.csrfToken || "");
      Object.keys(headers).forEach(function (name) {
        xhr.setRequestHeader(name, headers[name]);
      });
      if (onProgress && xhr.upload) {
        xhr.upload.onprogress = function (event) {
          onProgress(event.loaded);
        };
      }
      xhr.onload = function () {
        resolve(xhr);
      };
      xhr.onerror = xhr.ontimeout = xhr.onabort = function () {
        reject(new Error("network"));
      };
      xhr.send(body || null);
    });
  }

  function errorText(xhr) {
    try {
      return JSON.parse(xhr.responseText).error.message;
    } catch (e) {
      return texts.failed;
    }
  }

  function wait(ms) {
    return new Promise(function (resolve) {
      setTimeout(resolve, ms);
    });
  }

  function storageKey(file) {
    return ["proeve-upload", endpoint, file.name, file.size, file.lastModified].join("|");
  }

  function metadata(file) {
    var title = form.elements.title.value.trim() || file.name;
    var criteria = Array.prototype.slice
      .call(form.querySelectorAll("input[name=criteria]:checked"))
      .map(function (box) {
        return box.value;
      });
    return [
      "filename " + b64(file.name),
      "content-type " + b64(file.type || "application/octet-stream"),
      "title " + b64(title),
      "description " + b64(form.elements.description.value),
      "criteria " + b64(JSON.stringify(criteria)),
    ].join(",");
  }

  // TUS allows 200 or 204 for a HEAD that found the upload (Proeve answers 204).
  function found(head) {
    return head.status >= 200 && head.status < 300 && head.getResponseHeader("Upload-Offset");
  }

  // An upload the server holds for this file: same name as chosen, same size.
  function waitingOnServer(file) {
    var waiting = JSON.parse(form.dataset.unfinished || "[]");
    for (var i = 0; i < waiting.length; i++) {
      if (waiting[i].client_filename === file.name && waiting[i].length === file.size) {
        return waiting[i]["@id"];
      }
    }
    return null;
  }

  async function uploadUrl(file) {
    var key = storageKey(file);
    var url = window.localStorage.getItem(key) || waitingOnServer(file);
    if (url) {
      var head = await request("HEAD", url, {});
      if (found(head)) {
        return { url: url, offset: parseInt(head.getResponseHeader("Upload-Offset"), 10) };
      }
      window.localStorage.removeItem(key);
    }
    var created = await request("POST", endpoint, {
      "Upload-Length": String(file.size),
      "Upload-Metadata": metadata(file),
    });
    if (created.status !== 201) {
      throw new Error(errorText(created));
    }
    url = created.getResponseHeader("Location");
    window.localStorage.setItem(key, url);
    return { url: url, offset: 0 };
  }

  async function currentOffset(url) {
    var head = await request("HEAD", url, {});
    if (!found(head)) {
      throw new Error(errorText(head));
    }
    return parseInt(head.getResponseHeader("Upload-Offset"), 10);
  }

  async function upload(file) {
    var started = await uploadUrl(file);
    var url = started.url;
    var offset = started.offset;
    var failures = 0;
    progress(offset, file.size);
    while (offset < file.size) {
      var chunk = file.slice(offset, offset + CHUNK);
      var base = offset;
      try {
        var sent = await request(
          "PATCH",
          url,
          { "Content-Type": "application/offset+octet-stream", "Upload-Offset": String(offset) },
          chunk,
          function (loaded) {
            progress(base + loaded, file.size);
          }
        );
        if (sent.status !== 204) {
          if (sent.status === 409 && sent.getResponseHeader("Upload-Offset")) {
            offset = parseInt(sent.getResponseHeader("Upload-Offset"), 10);
            continue;
          }
          throw new Error(errorText(sent));
        }
        offset = parseInt(sent.getResponseHeader("Upload-Offset"), 10);
        failures = 0;
        say("uploading");
      } catch (error) {
        if (error.message !== "network" || failures >= RETRIES) {
          throw error;
        }
        failures += 1;
        say("resuming");
        await wait(Math.min(30000, 500 * Math.pow(2, failures)));
        offset = await currentOffset(url).catch(function () {
          return base;
        });
      }
    }
    window.localStorage.removeItem(storageKey(file));
    progress(file.size, file.size);
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    var file = form.elements.file.files[0];
    if (!file) {
      say("choose");
      return;
    }
    if (file.size > maxBytes) {
      say("too_big");
      return;
    }
    button.disabled = true;
    say("uploading");
    try {
      await upload(file);
      say("done");
      form.dataset.state = "done";
      var notice = document.getElementById("evidence-unfinished");
      if (notice) {
        notice.hidden = true; // what it announced is done (or was another file)
      }
    } catch (error) {
      status.textContent = error.message === "network" ? texts.failed : error.message;
      form.dataset.state = "failed";
    } finally {
      button.disabled = false;
    }
  });
})();
