// The station terminal in the browser.
//
// 1. The scan field keeps the keys: a keyboard-wedge scanner types wherever the focus
//    is, so a key pressed outside any field goes to the scan field. Enter in an empty
//    scan field does the next thing (the big button), so the keyboard alone is enough.
// 2. Every tap is kept in the browser (localStorage) with an event id made here, then
//    sent as JSON. When the server cannot be reached the taps wait, a grey clock shows
//    how many, and they leave on their own when it answers again, in the order they
//    were made. The server records each event id once, so sending one twice is safe.
// 3. A photo of a finding is made smaller here and sent after its finding.
//
// Without this script the page still works: every button is a plain form.
(function () {
  "use strict";

  var scan = document.getElementById("scan");
  var scanForm = document.getElementById("scan-form");
  var root = document.getElementById("terminal");
  // While a PIN is asked, keys go to the PIN field; otherwise to the scan field.
  var keys = document.getElementById("pin") || scan;

  function doNext() {
    var next = document.querySelector(".big-button.next:not([disabled])");
    if (next) {
      next.click();
    }
  }

  if (keys) {
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
      var printable = event.key && event.key.length === 1;
      var nowhere = !target || target === document.body || target === document.documentElement;
      if (typing || event.ctrlKey || event.metaKey || event.altKey) {
        return;
      }
      if (printable) {
        keys.focus();
      } else if (event.key === "Enter" && nowhere) {
        // Nothing has the focus (the page is just drawn): Enter is the empty scan's Enter.
        event.preventDefault();
        if (keys === scan) {
          doNext();
        } else {
          keys.focus();
        }
      }
    });
    if (!document.activeElement || document.activeElement === document.body) {
      keys.focus();
    }
  }
  if (!root || !window.fetch || !window.localStorage) {
    return;
  }

  var station = root.dataset.station;
  var QUEUE = "cordwainer.pending." + station;
  var REFUSED = "cordwainer.refused." + station;
  // Refusals that a later moment can undo: the taps wait for the person to badge in.
  var WAIT_FOR_BADGE = { not_badged_in: true, badge_changed: true };
  var pendingBox = document.getElementById("pending");
  var pendingCount = document.getElementById("pending-count");
  var pendingWords = document.getElementById("pending-words");
  var refusedBox = document.getElementById("refused");
  var flushing = false;
  var offline = false;

  function load() {
    try {
      return JSON.parse(localStorage.getItem(QUEUE) || "[]");
    } catch (error) {
      return [];
    }
  }

  function save(queue) {
    localStorage.setItem(QUEUE, JSON.stringify(queue));
    show(queue);
  }

  function show(queue) {
    var count = queue.length;
    pendingBox.hidden = count === 0;
    pendingCount.textContent = String(count);
    var words = count === 1 ? "action waiting to be sent" : "actions waiting to be sent";
    pendingWords.textContent = words + (offline ? " — no connection" : "");
    document.body.classList.toggle("offline", offline);
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    // crypto.randomUUID needs a secure context (https or localhost); a tablet on the
    // factory's network may reach the server over plain http. The same version 4 UUID:
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
      hex.slice(20)].join("-");
  }

  function refuse(sentence) {
    refusedBox.innerHTML = "";
    var line = document.createElement("p");
    line.className = "flash flash-error";
    var sign = document.createElement("span");
    sign.className = "sign";
    sign.setAttribute("aria-hidden", "true");
    sign.textContent = "✗";
    line.appendChild(sign);
    line.appendChild(document.createTextNode(" " + sentence));
    refusedBox.appendChild(line);
  }

  function field(data, name) {
    var value = data.get(name);
    return typeof value === "string" ? value : "";
  }

  function shrink(file) {
    // A photo of at most 1280 px a side, as a JPEG: about 100-300 kB.
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, 1280 / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return { content_type: "image/jpeg", data: canvas.toDataURL("image/jpeg", 0.8).split(",")[1] };
    });
  }

  function markTapped(form) {
    var button = form.querySelector("button");
    button.disabled = true;
    button.classList.remove("next");
    button.classList.add("queued");
    button.textContent = "◷ " + button.textContent.replace(/^\W+/, "").trim() + " — kept";
    var then = form.dataset.then;
    var group = form.parentElement;
    var follower = then && group.querySelector('form[data-action="' + then + '"] button');
    if (follower && !follower.disabled) {
      follower.classList.add("next");
    }
  }

  function onTap(event) {
    event.preventDefault();
    var form = event.currentTarget;
    var badge = root.dataset.badge;
    if (!badge) {
      refuse("No one is badged in here. Scan your badge and type your PIN, then tap again.");
      scan.focus();
      return;
    }
    var data = new FormData(form);
    var body = {
      event_id: newId(),
      action: form.dataset.action,
      badge: badge,
      rack: field(data, "rack"),
      serial: field(data, "serial"),
      result: field(data, "result"),
      defect_code: field(data, "defect_code"),
      rework_to: field(data, "rework_to"),
      note: field(data, "note"),
      lots: data.getAll("lot").filter(function (lot) { return typeof lot === "string"; })
    };
    var photo = data.get("photo");
    var kept = Promise.resolve(null);
    if (photo && photo.size && body.serial) {
      kept = shrink(photo).catch(function () { return null; });
    }
    markTapped(form);
    kept.then(function (picture) {
      var queue = load();
      queue.push({ kind: "action", id: body.event_id, url: root.dataset.actions, body: body });
      if (picture) {
        queue.push({
          kind: "photo",
          id: body.event_id + "/photo",
          url: root.dataset.photos,
          body: { event_id: body.event_id, serial: body.serial,
            content_type: picture.content_type, data: picture.data }
        });
      }
      save(queue);
      scan.focus();
      flush(true);
    });
  }

  // Sent: forget the item. Refused: forget it and the photo that was to follow it.
  function drop(id, withPhoto) {
    save(load().filter(function (item) {
      return item.id !== id && !(withPhoto && item.id === id + "/photo");
    }));
  }

  // Send what waits, oldest first; stop at the first that cannot be sent now.
  function flush(tapped) {
    if (flushing || load().length === 0) {
      return;
    }
    flushing = true;
    var next = null;
    var failed = null;
    var sent = 0;

    function step() {
      var queue = load();
      if (queue.length === 0) {
        return finish(true);
      }
      var item = queue[0];
      return fetch(item.url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(item.body)
      }).then(function (response) {
        offline = false;
        return response.json().catch(function () { return {}; }).then(function (answer) {
          if (response.ok) {
            sent += 1;
            next = answer.next || next;
            drop(item.id, false);
            return step();
          }
          if (response.status >= 500 || WAIT_FOR_BADGE[answer.code]) {
            refuse(answer.title || "The server could not record it yet; it is kept and tried again.");
            return finish(false);
          }
          failed = "Not recorded: " + (answer.title || "the server refused it.");
          drop(item.id, true);
          return step();
        });
      }, function () {
        offline = true;
        return finish(false);
      });
    }

    function finish(done) {
      flushing = false;
      show(load());
      if (!done || sent === 0 && !failed) {
        return;
      }
      if (failed) {
        sessionStorage.setItem(REFUSED, failed);
      }
      if (tapped && next && !failed) {
        location.assign(next);
      } else {
        location.reload();
      }
    }

    step();
  }

  function onScan(event) {
    event.preventDefault();
    if (!scan.value.trim()) {
      doNext();
      return;
    }
    var url = scanForm.action + "?" + new URLSearchParams(new FormData(scanForm)).toString();
    // A scan needs the server; ask it first, so that a lost connection says so here.
    fetch(scanForm.action, { method: "HEAD", cache: "no-store" }).then(function () {
      location.assign(url);
    }, function () {
      offline = true;
      show(load());
      refuse("No connection: scan again once it is back. Your taps are kept and leave on their own.");
      scan.value = "";
      scan.focus();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-action]"), function (form) {
    form.addEventListener("submit", onTap);
  });
  if (scanForm) {
    scanForm.addEventListener("submit", onScan);
  }
  // A code scanned while the PIN is asked is a scan, not a PIN: follow it.
  var pinForm = document.querySelector("form.pin");
  if (pinForm && scanForm) {
    pinForm.addEventListener("submit", function (event) {
      var typed = pinForm.elements.pin.value.trim();
      if (typed && !/^[0-9]+$/.test(typed)) {
        event.preventDefault();
        location.assign(scanForm.action + "?scan=" + encodeURIComponent(typed));
      }
    });
  }
  var said = sessionStorage.getItem(REFUSED);
  if (said) {
    sessionStorage.removeItem(REFUSED);
    refuse(said);
  }
  window.addEventListener("online", function () { flush(true); });
  window.addEventListener("offline", function () { offline = true; show(load()); });
  setInterval(function () { flush(true); }, 5000);
  show(load());
  flush(false);
})();
