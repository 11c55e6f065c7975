// peerclaims web page, checking: sends each chosen, dropped or pasted 837 to POST /page/check
// (upload progress, then the time spent checking) and shows each result with resultSection()
// from result.js; adds each check to the list of past checks; opens the worklist's groups for
// printing. Without these scripts the form posts to / and the server shows the summary and the
// first claims.
"use strict";

// ---- checking: progress, several files, drag-and-drop, history -----------------------------

function send(form, label, size, progress) {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open("POST", "/page/check");
    request.responseType = "json";
    const started = Date.now();
    let timer = 0;
    const checking = () => {
      const seconds = Math.round((Date.now() - started) / 1000);
      progress.say(null, `Checking ${label} (${plural(size, "byte")})… ${seconds} s`);
    };
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) progress.say(Math.round((100 * event.loaded) / event.total), `Uploading ${label}: ${Math.round((100 * event.loaded) / event.total)} %`);
    });
    request.upload.addEventListener("load", () => {
      checking();
      timer = window.setInterval(checking, 1000);
    });
    const done = (answer) => {
      window.clearInterval(timer);
      resolve(answer);
    };
    request.addEventListener("load", () => {
      const body = request.response || {};
      done(request.status === 200 ? { ok: true, body } : { ok: false, detail: body.detail || `${label}: the server answered ${request.status}` });
    });
    request.addEventListener("error", () => done({ ok: false, detail: `${label}: the server could not be reached` }));
    request.send(form);
  });
}

function progressBox() {
  const box = document.getElementById("progress");
  const bar = document.getElementById("progress-bar");
  const text = document.getElementById("progress-text");
  return {
    say(percent, words) {
      box.hidden = false;
      if (percent === null) bar.removeAttribute("value");
      else bar.value = percent;
      text.textContent = words;
    },
    done() {
      box.hidden = true;
    },
  };
}

function addToHistory(answer, result) {
  const body = document.querySelector("#history-table tbody");
  if (!body) return;
  const empty = body.querySelector("tr.empty");
  if (empty) empty.remove();
  const s = result.summary;
  const row = cellsRow("", [
    ["When (UTC)", answer.created.replace("T", " ").slice(0, 19)],
    ["Claims", String(s.claims)],
    ["Accepted", String(s.accepted)],
    ["Rejected", String(s.rejected)],
    ["Billed", s.billed],
  ]);
  row.append(el("td", { "data-label": "Decision" }, el("code", { text: answer.decision_id })));
  body.prepend(row);
}

function setUpCheckForm(form) {
  const input = document.getElementById("file");
  const drop = document.getElementById("drop");
  const chosen = document.getElementById("chosen");
  const results = document.getElementById("results");
  const sayChosen = () => {
    const names = [...input.files].map((file) => file.name);
    chosen.textContent = names.length ? `${plural(names.length, "file")} chosen: ${names.join(", ")}` : "";
  };
  input.addEventListener("change", sayChosen);
  for (const name of ["dragenter", "dragover"]) {
    drop.addEventListener(name, (event) => {
      event.preventDefault();
      drop.classList.add("dragging");
    });
  }
  drop.addEventListener("dragleave", () => drop.classList.remove("dragging"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("dragging");
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      sayChosen();
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    const record = document.getElementById("record").checked;
    const text = document.getElementById("text").value;
    const jobs = [...input.files].map((file) => ({ name: file.name, size: file.size, fill: (data) => data.append("file", file) }));
    if (!jobs.length) jobs.push({ name: "the pasted 837", size: new Blob([text]).size, fill: (data) => data.append("text", text) });
    for (const old of document.querySelectorAll("#result, #error")) old.remove();
    results.replaceChildren();
    button.disabled = true;
    const progress = progressBox();
    let number = 0;
    for (const [index, job] of jobs.entries()) {
      const data = new FormData();
      job.fill(data);
      if (record) data.append("record", "on");
      const label = jobs.length > 1 ? `file ${index + 1} of ${jobs.length}, ${job.name}` : job.name;
      const answer = await send(data, label, job.size, progress);
      if (answer.ok) {
        number += 1;
        const received = performance.now();
        const section = resultSection(answer.body, number);
        results.append(section);
        section.dataset.renderMs = String(Math.round(performance.now() - received));
        addToHistory(answer.body, answer.body.head);
        if (number === 1) section.querySelector("h2").focus();
      } else {
        results.append(el("div", { class: "alert", role: "alert" }, el("p", { text: answer.detail })));
      }
    }
    progress.done();
    button.disabled = false;
  });
}

// ---- printing: every group open while printing ------------------------------------------------

function setUpPrinting() {
  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = [...document.querySelectorAll("details.group:not([open])")];
    for (const details of opened) details.open = true;
  });
  window.addEventListener("afterprint", () => {
    for (const details of opened) details.open = false;
    opened = [];
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const landing =
    document.getElementById("error") ||
    document.getElementById("result-heading") ||
    document.getElementById("state-heading") ||
    document.getElementById("accuracy-heading");
  if (landing) landing.focus();
  const form = document.getElementById("check-form");
  if (form) setUpCheckForm(form);
  setUpPrinting();
});
