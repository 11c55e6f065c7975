// peerclaims web page, the result: renders one result document (peerclaims.result/1) as the
// summary and money, the worklist (findings grouped by problem, each group expandable to its
// claims), then the claims a page at a time with search and a rejected-only filter. Paging is
// client-side: the whole document is kept in memory, and only one page of claims (PAGE_SIZE) is
// ever in the page. The downloads are links whose blob URL is made on the first click.
// Loaded before page.js, which calls resultSection() and el().
"use strict";

const PAGE_SIZE = 25;
const GROUP_CLAIMS = 50;

// ---- small helpers ---------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function cents(amount) {
  const value = Number.parseFloat(amount);
  return Number.isFinite(value) ? Math.round(value * 100) : 0;
}

function money(centsValue) {
  return (centsValue / 100).toLocaleString("en-US", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
}

function plural(count, word) {
  return `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;
}

function payerCodes(finding) {
  const parts = [];
  if (finding.carc) parts.push(`CARC ${finding.carc}${finding.carc_text ? `: ${finding.carc_text}` : ""}`);
  if (finding.rarc) parts.push(`RARC ${finding.rarc}${finding.rarc_text ? `: ${finding.rarc_text}` : ""}`);
  return parts.join("; ");
}

// ---- the worklist and the money ------------------------------------------------------------

function lineDates(claim) {
  const dates = claim.lines.map((line) => line.service_date).filter(Boolean).sort();
  return dates.length ? dates[0] : "";
}

/** Findings grouped by rule and severity: claims, lines and dollars billed on them ("at risk"). */
function computedGroups(result) {
  const groups = new Map();
  result.claims.forEach((claim, index) => {
    const charges = new Map(claim.lines.map((line) => [line.line, cents(line.charge)]));
    for (const finding of claim.findings) {
      const key = `${finding.rule_id}|${finding.severity}`;
      let group = groups.get(key);
      if (!group) {
        group = {
          rule_id: finding.rule_id,
          severity: finding.severity,
          category: finding.category,
          message: finding.message,
          fix: finding.fix,
          codes: payerCodes(finding),
          claims: new Map(),
          lines: new Set(),
          atRisk: 0,
          counted: new Set(),
        };
        groups.set(key, group);
      }
      if (!group.claims.has(index)) group.claims.set(index, finding.message);
      const where = finding.line === null || finding.line === undefined ? "claim" : finding.line;
      const spot = `${index}:${where}`;
      if (where !== "claim") group.lines.add(spot);
      if (!group.counted.has(spot) && !group.counted.has(`${index}:claim`)) {
        group.counted.add(spot);
        group.atRisk += where === "claim" ? cents(claim.billed) : charges.get(where) || 0;
      }
    }
  });
  const order = { error: 0, warning: 1, info: 2 };
  return [...groups.values()]
    .map((group) => ({
      rule_id: group.rule_id,
      severity: group.severity,
      category: group.category,
      message: group.message,
      fix: group.fix,
      codes: group.codes,
      claims: [...group.claims.entries()].map(([index, message]) => ({ index, message })),
      lineCount: group.lines.size,
      atRisk: group.atRisk,
    }))
    .sort((a, b) => (order[a.severity] ?? 3) - (order[b.severity] ?? 3) || b.claims.length - a.claims.length);
}

/** The result's own `worklist.groups` when it has them (read field by field), else computed. */
function worklistGroups(result) {
  const given = result.worklist && Array.isArray(result.worklist.groups) ? result.worklist.groups : null;
  if (!given) return computedGroups(result);
  const byId = new Map(result.claims.map((claim, index) => [claim.claim_id, index]));
  return given.map((group) => {
    const listed = Array.isArray(group.claim_list) ? group.claim_list : Array.isArray(group.claims) ? group.claims : [];
    const ids = listed.map((item) => (typeof item === "string" ? item : item.claim_id));
    const indexes = ids.filter((id) => byId.has(id)).map((id) => byId.get(id));
    return {
      rule_id: group.rule_id || "",
      severity: group.severity || "error",
      category: group.category || "",
      message: group.message || group.title || "",
      fix: group.fix || "",
      codes: payerCodes(group),
      claims: indexes.map((index) => ({ index, message: "" })),
      lineCount: Number(group.line_count ?? group.lines ?? 0),
      atRisk: cents(group.at_risk ?? group.billed ?? 0),
    };
  });
}

/** Billed, at risk (rejected lines), and of the accepted lines the expected and unknown payment. */
function moneyOf(result) {
  const totals = { billed: 0, atRisk: 0, accepted: 0, expected: 0, unknown: 0, unknownLines: 0 };
  for (const claim of result.claims) {
    for (const line of claim.lines) {
      const charge = cents(line.charge);
      totals.billed += charge;
      if (line.status === "rejected") {
        totals.atRisk += charge;
        continue;
      }
      totals.accepted += charge;
      if (line.expected_payment === null || line.expected_payment === undefined) {
        totals.unknown += charge;
        totals.unknownLines += 1;
      } else totals.expected += cents(line.expected_payment);
    }
  }
  return totals;
}

// ---- rendering one result ------------------------------------------------------------------

function summaryOf(result, number) {
  const s = result.summary;
  const totals = moneyOf(result);
  const counts = el(
    "p",
    { class: "summary", id: number === 1 ? "summary" : `summary-${number}` },
    `${plural(s.claims, "claim")}: `,
    el("strong", { text: `${s.accepted.toLocaleString("en-US")} accepted` }),
    s.accepted_not_fully_checked ? ` (${s.accepted_not_fully_checked.toLocaleString("en-US")} not fully checked)` : "",
    ", ",
    el("strong", { text: `${s.rejected.toLocaleString("en-US")} rejected` }),
    ".",
  );
  const rows = [
    ["Billed", money(totals.billed)],
    ["At risk (billed on rejected lines)", money(totals.atRisk)],
    ["Billed on accepted lines", money(totals.accepted)],
    ["Expected payment (accepted lines with a known rate)", money(totals.expected)],
    [
      "Payment unknown (billed on accepted lines with no rate known)",
      `${money(totals.unknown)}${totals.unknownLines ? ` on ${plural(totals.unknownLines, "line")}` : ""}`,
    ],
  ];
  const list = el("dl", { class: "money" });
  for (const [name, value] of rows) {
    const key = name.split(" (")[0].toLowerCase().replaceAll(" ", "-");
    list.append(el("div", { "data-money": key }, el("dt", { text: name }), el("dd", { text: value })));
  }
  return [counts, list];
}

function downloadLink(text, label, name, type, id) {
  const link = el("a", { href: "#", download: name, id, class: "download", text: label });
  link.addEventListener("click", (event) => {
    if (link.dataset.ready) return;
    event.preventDefault();
    link.href = URL.createObjectURL(new Blob([text], { type }));
    link.dataset.ready = "1";
    link.click();
  });
  return link;
}

function worklistSection(view) {
  const groups = worklistGroups(view.result);
  const section = el("section", { class: "worklist", "aria-labelledby": `worklist-${view.number}` });
  section.append(el("h3", { id: `worklist-${view.number}`, text: "What to do" }));
  if (!groups.length) {
    section.append(el("p", { class: "clean", text: "Nothing to fix: no claim has a finding." }));
    return section;
  }
  for (const group of groups) {
    const details = el("details", { class: `group ${group.severity}`, "data-rule": group.rule_id });
    const lines = group.lineCount ? plural(group.lineCount, "service line") : "on the whole claim";
    const head = `${group.rule_id} (${group.severity}): ${plural(group.claims.length, "claim")}, ${lines}, ${money(group.atRisk)} at risk`;
    details.append(
      el(
        "summary",
        {},
        el("span", { class: "group-head", text: head }),
        group.fix ? el("span", { class: "group-fix", text: `What to do: ${group.fix}` }) : null,
      ),
    );
    const facts = el("dl", { class: "group-facts" });
    const add = (name, value) => value && facts.append(el("div", {}, el("dt", { text: name }), el("dd", { text: value })));
    add("What is wrong", group.message ? `${group.message}${group.claims.length > 1 ? " (first claim; each claim below says its own)" : ""}` : "");
    add("The payer would answer", group.codes);
    details.append(facts);
    const list = el("ul", { class: "group-claims" });
    const showClaims = (upTo) => {
      list.replaceChildren();
      for (const item of group.claims.slice(0, upTo)) {
        const claim = view.result.claims[item.index];
        const button = el("button", { type: "button", class: "link", text: `Claim ${claim.claim_id}` });
        button.addEventListener("click", () => view.find(claim.claim_id));
        const about = ` member ${claim.member_id || "—"}, ${lineDates(claim) || "no date"}, billed ${claim.billed || "—"}`;
        list.append(el("li", {}, button, about, item.message ? `: ${item.message}` : ""));
      }
      if (group.claims.length > upTo) {
        const more = el("button", { type: "button", text: `Show ${Math.min(GROUP_CLAIMS, group.claims.length - upTo)} more of ${group.claims.length - upTo}` });
        more.addEventListener("click", () => showClaims(upTo + GROUP_CLAIMS));
        list.append(el("li", {}, more));
      }
    };
    details.addEventListener("toggle", () => details.open && !list.childElementCount && showClaims(GROUP_CLAIMS), { once: false });
    details.append(list);
    section.append(details);
  }
  return section;
}

function cellsRow(className, cells) {
  const row = el("tr", { class: className });
  for (const [label, value, header] of cells) {
    row.append(el(header ? "th" : "td", { "data-label": label, scope: header ? "row" : null, text: value }));
  }
  return row;
}

function table(className, caption, headers, rows) {
  const head = el("tr");
  for (const name of headers) head.append(el("th", { scope: "col", text: name }));
  return el("table", { class: className }, el("caption", { text: caption }), el("thead", {}, head), el("tbody", {}, ...rows));
}

function claimSection(claim, id) {
  const partial = claim.fully_checked === false;
  const section = el("section", { class: `claim ${claim.status}`, "data-status": claim.status, "aria-labelledby": id });
  section.append(
    el("h3", { id }, `Claim ${claim.claim_id} — `, el("span", { class: "status", text: `${claim.status}${partial ? ", not fully checked" : ""}` })),
  );
  if (partial) {
    const reasons = (claim.not_checked || []).map((item) => item.reason).join("; ");
    const note = el("p", { class: "not-checked", text: `${claim.status}, not fully checked: ${reasons || "the result does not say what was not checked"}` });
    if (claim.state) note.append(" (", el("a", { href: `/states?state=${encodeURIComponent(claim.state)}`, text: `what we check in ${claim.state}` }), ")");
    section.append(note);
  }
  const facts = el("dl", { class: "facts" });
  const fact = (name, value, className) => facts.append(el("div", {}, el("dt", { text: name }), el("dd", { class: className, text: value })));
  fact("State", claim.state || "—");
  fact("Payer", claim.payer_id || "—");
  fact("Member", claim.member_id || "—");
  fact("Billing NPI", claim.billing_npi || "—");
  fact("Billed", claim.billed || "—");
  fact("Expected payment", claim.expected_payment || "unknown");
  if (claim.judged_by && claim.judged_by.length) fact("Judged by", claim.judged_by.map((p) => `${p.id} ${p.version}`).join(", "), "judged-by");
  section.append(facts);
  const lineRows = claim.lines.map((line) =>
    cellsRow(line.status, [
      ["Service line", String(line.line), true],
      ["Procedure", line.procedure || "—"],
      ["Modifiers", line.modifiers.join(", ") || "—"],
      ["Units", line.units || "—"],
      ["Charge", line.charge || "—"],
      ["Date", line.service_date || "—"],
      ["Place", line.place_of_service || "—"],
      ["Status", line.status],
      ["Expected payment", line.expected_payment || "unknown"],
    ]),
  );
  section.append(table("lines", `Service lines of claim ${claim.claim_id}`, ["Service line", "Procedure", "Modifiers", "Units", "Charge", "Date", "Place", "Status", "Expected payment"], lineRows));
  if (!claim.findings.length) {
    section.append(el("p", { class: "clean", text: "No findings." }));
    return section;
  }
  const findingRows = claim.findings.map((finding) => {
    const row = el("tr", { class: finding.severity });
    row.append(el("td", { "data-label": "Service line", text: finding.line === null || finding.line === undefined ? "claim" : String(finding.line) }));
    row.append(el("th", { scope: "row", class: "rule", "data-label": "Rule" }, finding.rule_id, el("br"), el("span", { class: "category", text: finding.category })));
    for (const [label, value] of [
      ["Severity", finding.severity],
      ["What is wrong", finding.message],
      ["What to do", finding.fix],
      ["Where", finding.location],
      ["Citation", finding.citation],
      ["Payer codes", payerCodes(finding) || "—"],
    ]) {
      row.append(el("td", { "data-label": label, text: value }));
    }
    return row;
  });
  section.append(table("findings", `Findings on claim ${claim.claim_id}`, ["Service line", "Rule", "Severity", "What is wrong", "What to do", "Where", "Citation", "Payer codes (CARC/RARC)"], findingRows));
  return section;
}

function claimsSection(view) {
  const n = view.number;
  const section = el("section", { class: "claims-list", "aria-labelledby": `claims-heading-${n}` });
  section.append(el("h3", { id: `claims-heading-${n}`, text: "Claims" }));
  const search = el("input", { id: `search-${n}`, type: "search", autocomplete: "off", spellcheck: "false" });
  const rejectedOnly = el("input", { id: `rejected-only-${n}`, type: "checkbox", "aria-controls": `claims-${n}` });
  section.append(
    el(
      "div",
      { class: "filters" },
      el("div", {}, el("label", { for: `search-${n}`, text: "Find a claim or member" }), search),
      el("div", { class: "check-row" }, rejectedOnly, el("label", { for: `rejected-only-${n}`, text: "Show rejected claims only" })),
    ),
  );
  const status = el("p", { class: "pager-status", id: `pager-status-${n}`, role: "status" });
  const previous = el("button", { type: "button", text: "Previous page" });
  const next = el("button", { type: "button", text: "Next page" });
  const list = el("div", { class: "claims", id: `claims-${n}` });
  section.append(status, list, el("div", { class: "pager" }, previous, next));
  let page = 0;
  const matching = () => {
    const query = search.value.trim().toLowerCase();
    return view.result.claims.filter(
      (claim) =>
        (!rejectedOnly.checked || claim.status === "rejected") &&
        (!query || claim.claim_id.toLowerCase().includes(query) || (claim.member_id || "").toLowerCase().includes(query)),
    );
  };
  const show = () => {
    const found = matching();
    const pages = Math.max(1, Math.ceil(found.length / PAGE_SIZE));
    page = Math.min(page, pages - 1);
    const first = page * PAGE_SIZE;
    const shown = found.slice(first, first + PAGE_SIZE);
    list.replaceChildren(...shown.map((claim, i) => claimSection(claim, `claim-${n}-${first + i + 1}`)));
    status.textContent = found.length
      ? `Claims ${(first + 1).toLocaleString("en-US")} to ${(first + shown.length).toLocaleString("en-US")} of ${found.length.toLocaleString("en-US")} (page ${page + 1} of ${pages})`
      : "No claim matches.";
    previous.disabled = page === 0;
    next.disabled = page >= pages - 1;
  };
  search.addEventListener("input", () => {
    page = 0;
    show();
  });
  rejectedOnly.addEventListener("change", () => {
    page = 0;
    show();
  });
  previous.addEventListener("click", () => {
    page -= 1;
    show();
  });
  next.addEventListener("click", () => {
    page += 1;
    show();
  });
  view.find = (claimId) => {
    search.value = claimId;
    rejectedOnly.checked = false;
    page = 0;
    show();
    search.scrollIntoView({ block: "start" });
    const heading = list.querySelector("h3");
    if (heading) heading.setAttribute("tabindex", "-1");
    if (heading) heading.focus();
  };
  show();
  return section;
}

function resultSection(answer, result, number) {
  const view = { result, number, find: () => {} };
  const section = el("section", { class: "result", id: `result-${number}`, "aria-labelledby": `result-heading-${number}` });
  section.append(el("h2", { id: `result-heading-${number}`, tabindex: "-1", text: `Result — ${answer.file}` }));
  section.append(el("p", { class: "file" }, "File: ", el("span", { class: "file-name", text: answer.file }), ` (${plural(answer.bytes, "byte")})`));
  section.append(...summaryOf(result, number));
  const packs = result.rule_packs.map((pack) => `${pack.id} ${pack.version}`).join(", ");
  section.append(el("p", { class: "meta" }, "Decision ", el("code", { class: "decision-id", text: answer.decision_id }), `; rule packs: ${packs || "none"}.`));
  section.append(
    el(
      "ul",
      { class: "downloads" },
      el("li", {}, downloadLink(answer.result_text, "Download the result (JSON)", answer.json_name, "application/json", `download-json-${number}`)),
      el("li", {}, downloadLink(answer.ack277ca, "Download the 277CA", answer.ack_name, "application/edi-x12", `download-277ca-${number}`)),
    ),
  );
  section.append(worklistSection(view));
  if (result.errors.length) {
    const problems = el("ul");
    for (const problem of result.errors) {
      problems.append(el("li", {}, el("strong", { text: problem.code }), `: ${problem.message}${problem.fix ? ` — ${problem.fix}` : ""}`));
    }
    section.append(el("section", { class: "problems" }, el("h3", { text: "Input problems" }), problems));
  }
  section.append(claimsSection(view));
  return section;
}

