// peerclaims web page, the result: renders one checked file's answer from POST /page/check as
// the summary and money, the worklist (findings grouped by problem, each group expandable to its
// claims), then the claims a page at a time with search and a rejected-only filter. The server
// keeps the result (api/kept.py): the answer holds the result without its claims (`head`) and
// the first page of claims; every other page is fetched from `claims_url` when asked for, so
// the browser never holds the whole result. Each worklist group comes with its first 50 claims
// and fetches more from `groups_url` when asked. The downloads are links to the kept files.
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

/** The result's `worklist.groups`, read field by field (an older result has none). */
function worklistGroups(head) {
  const given = head.worklist && Array.isArray(head.worklist.groups) ? head.worklist.groups : [];
  return given.map((group, index) => ({
    index,
    rule_id: group.rule_id || "",
    severity: group.severity || "error",
    category: group.category || "",
    message: group.message || "",
    fix: group.fix || "",
    codes: payerCodes(group),
    claims: Array.isArray(group.claim_list) ? group.claim_list : [],
    claimCount: Number(group.claims ?? 0),
    lineCount: Number(group.lines ?? 0),
    atRisk: cents(group.at_risk ?? 0),
  }));
}

/** Billed, at risk (rejected lines), and of the accepted lines the expected and unknown payment:
 * the worklist's money, else what the summary says. */
function moneyOf(head) {
  const given = head.worklist && head.worklist.money;
  const s = head.summary;
  const billed = cents(given ? given.billed : s.billed);
  const atRisk = cents(given ? given.at_risk : s.at_risk);
  return {
    billed,
    atRisk,
    accepted: billed - atRisk,
    expected: cents(given ? given.expected_payment : s.expected_payment),
    unknown: given ? cents(given.unknown) : 0,
    unknownLines: given ? Number(given.unknown_lines || 0) : 0,
  };
}

// ---- rendering one result ------------------------------------------------------------------

function summaryOf(head, number) {
  const s = head.summary;
  const totals = moneyOf(head);
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

function downloadLink(url, label, name, id) {
  return el("a", { href: url, download: name, id, class: "download", text: label });
}

function worklistSection(view) {
  const groups = worklistGroups(view.head);
  const section = el("section", { class: "worklist", "aria-labelledby": `worklist-${view.number}` });
  section.append(el("h3", { id: `worklist-${view.number}`, text: "What to do" }));
  if (!groups.length) {
    section.append(el("p", { class: "clean", text: "Nothing to fix: no claim has a finding." }));
    return section;
  }
  for (const group of groups) {
    const details = el("details", { class: `group ${group.severity}`, "data-rule": group.rule_id });
    const lines = group.lineCount ? plural(group.lineCount, "service line") : "on the whole claim";
    const head = `${group.rule_id} (${group.severity}): ${plural(group.claimCount, "claim")}, ${lines}, ${money(group.atRisk)} at risk`;
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
    add("What is wrong", group.message ? `${group.message}${group.claimCount > 1 ? " (as most of its claims say it; each claim says its own)" : ""}` : "");
    add("The payer would answer", group.codes);
    details.append(facts);
    const list = el("ul", { class: "group-claims" });
    const fetchUpTo = async (upTo) => {
      const have = group.claims.length;
      if (upTo <= have || have >= group.claimCount || !view.groupsUrl) return;
      const query = new URLSearchParams({ offset: String(have), limit: String(upTo - have) });
      try {
        const answer = await fetch(`${view.groupsUrl}/${group.index}?${query}`, { credentials: "same-origin" });
        if (answer.ok) group.claims.push(...(await answer.json()).claims);
      } catch (error) {
        // the list stays as it was; its "Show more" button asks again
      }
    };
    const showClaims = async (upTo) => {
      list.dataset.state = "loading";
      await fetchUpTo(upTo);
      list.replaceChildren();
      for (const item of group.claims.slice(0, upTo)) {
        const button = el("button", { type: "button", class: "link", text: `Claim ${item.claim_id}` });
        button.addEventListener("click", () => view.find(item.claim_id));
        const lines = item.lines && item.lines.length ? `service line${item.lines.length === 1 ? "" : "s"} ${item.lines.join(", ")}` : "the whole claim";
        list.append(el("li", {}, button, ` member ${item.member_id || "—"}, ${lines}, ${money(cents(item.at_risk))} at risk`));
      }
      const left = Math.max(group.claims.length, group.claimCount) - Math.min(upTo, group.claims.length);
      if (left > 0) {
        const more = el("button", { type: "button", text: `Show ${Math.min(GROUP_CLAIMS, left)} more of ${left}` });
        more.addEventListener("click", () => showClaims(upTo + GROUP_CLAIMS));
        list.append(el("li", {}, more));
      }
      list.dataset.state = "ready";
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
  let asked = 0;
  const render = (found) => {
    const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
    page = Math.floor(found.offset / PAGE_SIZE);
    const first = found.offset;
    list.replaceChildren(...found.claims.map((claim, i) => claimSection(claim, `claim-${n}-${first + i + 1}`)));
    status.textContent = found.total
      ? `Claims ${(first + 1).toLocaleString("en-US")} to ${(first + found.claims.length).toLocaleString("en-US")} of ${found.total.toLocaleString("en-US")} (page ${page + 1} of ${pages})`
      : "No claim matches.";
    previous.disabled = page === 0;
    next.disabled = page >= pages - 1;
    list.dataset.state = "ready";
  };
  const show = async () => {
    const number = ++asked;
    const query = new URLSearchParams({ offset: String(page * PAGE_SIZE), limit: String(PAGE_SIZE) });
    if (search.value.trim()) query.set("q", search.value.trim());
    if (rejectedOnly.checked) query.set("rejected", "true");
    list.dataset.state = "loading";
    previous.disabled = next.disabled = true;
    try {
      const answer = await fetch(`${view.claimsUrl}?${query}`, { credentials: "same-origin" });
      const body = await answer.json();
      if (number !== asked) return; // a later search or page was asked for meanwhile
      if (!answer.ok) throw new Error(body.detail || `the server answered ${answer.status}`);
      render(body);
    } catch (error) {
      if (number !== asked) return;
      status.textContent = `The claims could not be read: ${error.message}`;
      list.dataset.state = "ready";
    }
  };
  let typing = 0;
  search.addEventListener("input", () => {
    page = 0;
    list.dataset.state = "loading";
    window.clearTimeout(typing);
    typing = window.setTimeout(show, 200);
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
  view.find = async (claimId) => {
    search.value = claimId;
    rejectedOnly.checked = false;
    page = 0;
    await show();
    search.scrollIntoView({ block: "start" });
    const heading = list.querySelector("h3");
    if (heading) heading.setAttribute("tabindex", "-1");
    if (heading) heading.focus();
  };
  render({ total: view.total, offset: 0, claims: view.firstClaims });
  return section;
}

function resultSection(answer, number) {
  const head = answer.head;
  const view = {
    head,
    number,
    claimsUrl: answer.claims_url,
    groupsUrl: answer.groups_url,
    total: answer.claims_total,
    firstClaims: answer.claims,
    find: () => {},
  };
  const section = el("section", { class: "result", id: `result-${number}`, "aria-labelledby": `result-heading-${number}` });
  section.append(el("h2", { id: `result-heading-${number}`, tabindex: "-1", text: `Result — ${answer.file}` }));
  section.append(el("p", { class: "file" }, "File: ", el("span", { class: "file-name", text: answer.file }), ` (${plural(answer.bytes, "byte")})`));
  section.append(...summaryOf(head, number));
  const packs = head.rule_packs.map((pack) => `${pack.id} ${pack.version}`).join(", ");
  section.append(el("p", { class: "meta" }, "Decision ", el("code", { class: "decision-id", text: answer.decision_id }), `; rule packs: ${packs || "none"}.`));
  section.append(
    el(
      "ul",
      { class: "downloads" },
      el("li", {}, downloadLink(answer.json_url, "Download the result (JSON)", answer.json_name, `download-json-${number}`)),
      el("li", {}, downloadLink(answer.ack_url, "Download the 277CA", answer.ack_name, `download-277ca-${number}`)),
    ),
  );
  section.append(worklistSection(view));
  if (head.errors.length) {
    const problems = el("ul");
    for (const problem of head.errors) {
      problems.append(el("li", {}, el("strong", { text: problem.code }), `: ${problem.message}${problem.fix ? ` — ${problem.fix}` : ""}`));
    }
    section.append(el("section", { class: "problems" }, el("h3", { text: "Input problems" }), problems));
  }
  section.append(claimsSection(view));
  return section;
}
