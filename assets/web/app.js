// hoso web: optional enhancement. Forms marked data-autosave are saved as the user types
// (one request at a time, each carrying the version it was drawn from); the checks that come
// back are put beside their fields; list items are added and removed in place. Without this
// script every form still works by plain POST and redirect.
(function () {
  "use strict";

  function setup(form) {
    var busy = false, again = false, pendingAct = null, timer = null;
    var state = form.querySelector(".save-state");

    function csrf() { var t = form.querySelector("input[name=_csrf]"); return t ? t.value : ""; }
    function version() { return form.querySelector("input[name=_version]"); }
    function say(text, bad) {
      state = form.querySelector(".save-state");
      if (!state) return;
      state.textContent = text;
      state.classList.toggle("bad", !!bad);
    }

    function place(answer) {
      form.querySelectorAll("ul.msgs[data-for]").forEach(function (ul) {
        var key = ul.getAttribute("data-for");
        // Rules may name "any item" of a list: case.team[].role.
        var html = (answer.fields[key] || "") + (answer.fields[key.replace(/\[\d+\]/g, "[]")] || "");
        if (key.indexOf("[") < 0) html = answer.fields[key] || "";
        ul.innerHTML = html;
      });
      var top = document.getElementById("top");
      if (top && typeof answer.top === "string") top.innerHTML = answer.top;
      var status = document.getElementById("status");
      if (status && answer.status) status.innerHTML = answer.status;
    }

    function conflict(answer) {
      say("Chưa lưu", true);
      var bar = document.getElementById("conflict");
      if (!bar) {
        bar = document.createElement("div");
        bar.id = "conflict";
        bar.className = "card";
        bar.setAttribute("role", "alert");
        form.parentNode.insertBefore(bar, form);
      }
      bar.innerHTML = "";
      var p = document.createElement("p");
      p.className = "error";
      p.textContent = answer.message;
      var keep = document.createElement("button");
      keep.type = "button";
      keep.className = "primary";
      keep.textContent = "Lưu bản của tôi (ghi đè)";
      keep.addEventListener("click", function () {
        version().value = String(answer.current);
        bar.remove();
        save(null);
      });
      var reload = document.createElement("button");
      reload.type = "button";
      reload.textContent = "Tải lại bản kia";
      reload.addEventListener("click", function () { location.reload(); });
      bar.appendChild(p); bar.appendChild(keep); bar.appendChild(reload);
    }

    function save(act) {
      if (busy) { again = true; if (act) pendingAct = act; return; }
      busy = true;
      say("Đang lưu…");
      var body = new URLSearchParams(new FormData(form));
      if (act) body.set("_act", act);
      fetch(form.getAttribute("action"), {
        method: "POST",
        headers: { "X-Autosave": "1", "X-CSRF-Token": csrf(),
                   "Content-Type": "application/x-www-form-urlencoded" },
        body: body, credentials: "same-origin"
      }).then(function (r) {
        return r.json().then(function (j) { return { status: r.status, body: j }; });
      }).then(function (res) {
        if (res.status === 409) { conflict(res.body); return; }
        if (res.body.form) { form.innerHTML = res.body.form; }
        version().value = String(res.body.version);
        place(res.body);
        var now = new Date();
        say("Đã lưu lúc " + String(now.getHours()).padStart(2, "0") + ":" +
            String(now.getMinutes()).padStart(2, "0") + ":" + String(now.getSeconds()).padStart(2, "0"));
      }).catch(function () {
        say("Chưa lưu được (mất kết nối?). Bấm «Lưu» để thử lại.", true);
      }).then(function () {
        busy = false;
        form.dataset.saving = "";
        if (again) { var a = pendingAct; again = false; pendingAct = null; save(a); }
      });
      form.dataset.saving = "1";
    }

    form.addEventListener("change", function (e) {
      clearTimeout(timer);
      // Ticking «Có phần này» shows or hides a part: the server draws the form again.
      var toggle = e.target.name && /\._on$/.test(e.target.name);
      save(toggle ? "toggle:" + e.target.name : null);
    });
    form.addEventListener("input", function () {
      clearTimeout(timer);
      say("Chưa lưu…");
      timer = setTimeout(function () { save(null); }, 1200);
    });
    form.addEventListener("click", function (e) {
      var b = e.target.closest("button[name=_act]");
      if (!b) return;
      e.preventDefault();
      clearTimeout(timer);
      save(b.value);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      save(null);
    });
    window.addEventListener("beforeunload", function (e) {
      if (busy || timer && state && /Chưa lưu/.test(state.textContent)) { e.preventDefault(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosave]").forEach(setup);
  });
})();
