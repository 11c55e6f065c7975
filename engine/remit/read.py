"""Read 835 remittances (005010X221A1) and 277CA acknowledgments (005010X214) through pyx12.

`read_remit(data, source)` scans the bytes with the 837 reader's scanner (BOM, indentation, CR/LF
and delimiters absorbed; a file that is not X12 raises `InputError` naming file and byte), then
hands each transaction set that is an 835 or a 277CA of those versions to pyx12
(`engine/x12/remit_walk.py`) and reads its claims from the segments pyx12 matched, in order.
Anything else is refused in one line naming the transaction and its position: a 4010 835
(004010X091A1) says it is 4010; a set pyx12 stops in keeps the claims read before it stopped and
says where. pyx12's validation errors become problems (one line each, with the position), and the
claims are still read: a payer's remittance is what it paid, even when its file has defects.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from peerclaims.engine import shown
from peerclaims.engine.findings import Problem
from peerclaims.engine.remit.model import Adjustment, ClaimAck, RemitClaim, RemitFile, RemitLine
from peerclaims.engine.x12.reader import segment_position
from peerclaims.engine.x12.remit_walk import walk
from peerclaims.engine.x12.scan import Group, Interchange, Scan, Transaction, scan

REMIT_835 = ("HP", "005010X221A1", "835")
"""GS01, GS08 and ST01 of an 835 peerclaims reads."""
ACK_277CA = ("HN", "005010X214", "277")
"""GS01, GS08 and ST01 of a 277CA peerclaims reads."""
READS = "835 (GS08 005010X221A1) and 277CA (GS08 005010X214)"


def amount(text: str) -> Decimal:
    """An X12 amount ('60', '-12.5'); an empty or malformed one is 0 (pyx12 reports it)."""
    try:
        return Decimal(text) if text else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def _date(text: str) -> date | None:
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _at(parts: list[str], n: int) -> str:
    return parts[n].strip() if n < len(parts) else ""


def read_remit(data: bytes, source: str) -> RemitFile:
    """Read every 835 and 277CA transaction set of a file; refuse the others in one line each."""
    s = scan(data, source)
    out = RemitFile(source=source)
    for isa in s.interchanges:
        for gs in isa.groups:
            for st in gs.transactions:
                refusal = _refusal(s, gs, st)
                if refusal is not None:
                    out.refused += 1
                    _problem(out, s, "refused-transaction", st.st, refusal, _fix(gs))
                    continue
                out.transactions += 1
                _read_transaction(out, s, isa, gs, st)
    for issue in s.issues:
        _problem(out, s, issue.code, issue.segment, issue.message, issue.fix)
    return out


def _fix(gs: Group) -> str:
    if gs.version.startswith("00401"):
        return "ask the payer for its 5010 remittance (835 005010X221A1); 4010 ended in 2012"
    return f"give peerclaims remit {READS} files; check 837 claims with peerclaims check"


def _refusal(s: Scan, gs: Group, st: Transaction) -> str | None:
    key = (gs.functional_id, gs.version, st.set_id)
    if key in (REMIT_835, ACK_277CA):
        return None
    what = f"ST*{st.set_id}*{st.control} (GS01 {gs.functional_id!r}, GS08 {gs.version!r})"
    if gs.version.startswith("00401"):
        kind = "a 4010 835 remittance" if st.set_id == "835" else "a 4010 transaction"
        return f"{what} at {s.describe(st.st)} is {kind}: not read, peerclaims reads {READS} only"
    return f"{what} at {s.describe(st.st)} is not read: peerclaims reads {READS} only"


def _problem(out: RemitFile, s: Scan, code: str, index: int | None, message: str, fix: str) -> None:
    position = segment_position(s, index) if index is not None else None
    out.problems.append(
        Problem(
            file=s.source,
            code=code,
            message=shown.line(f"{s.source}: {message}"),
            fix=fix,
            location=s.seg_id(index) if index is not None and _readable(s, index) else None,
            position=position,
        )
    )


def _readable(s: Scan, index: int) -> bool:
    try:
        s.seg_id(index)
    except Exception:  # noqa: BLE001 - a released or absent segment: no location
        return False
    return True


def _read_transaction(
    out: RemitFile, s: Scan, isa: Interchange, gs: Group, st: Transaction
) -> None:
    walked = walk(s, isa, gs, st)
    for index, message in walked.errors:
        _problem(out, s, "remit-guide", index, message, "ask the payer about this defect")
    if walked.stopped is not None:
        last = walked.segments[-1][0] if walked.segments else st.st
        _problem(
            out,
            s,
            "remit-stopped",
            last,
            f"the validator stopped after {s.describe(last)} ({walked.stopped}); "
            "segments after it are not read",
            "ask the payer to send the file again",
        )
    if gs.version == REMIT_835[1]:
        out.claims.extend(_Remit835(s).read(walked.segments))
    else:
        out.acks.extend(_Ack277(s).read(walked.segments))


class _Remit835:
    """Builds the claims of one 835 transaction set from its segments, in order."""

    def __init__(self, s: Scan) -> None:
        self.s = s
        self.sub = s.delimiters.sub_element
        self.payer: str | None = None
        self.payee: str | None = None
        self.payer_id: str | None = None
        self.claims: list[RemitClaim] = []
        self.claim: RemitClaim | None = None
        self.line: RemitLine | None = None
        self.member_qc: str | None = None

    def read(self, segments: list[tuple[int, str | None]]) -> list[RemitClaim]:
        for index, _loop in segments:
            parts = self.s.elements(index)
            handler = getattr(self, f"_{parts[0].strip()}", None)
            if handler is not None:
                handler(index, parts)
        self._close()
        return self.claims

    def _close(self) -> None:
        claim = self.claim
        if claim is None:
            return
        dates = [ln.service_date for ln in claim.lines if ln.service_date is not None]
        if claim.start is None and dates:
            claim.start = min(dates)
        if claim.end is None:
            claim.end = max(dates) if dates else claim.start
        self.claim = self.line = None

    def _N1(self, index: int, p: list[str]) -> None:  # noqa: N802 - named for the segment
        if _at(p, 1) == "PR":
            self.payer = _at(p, 2) or None
            if _at(p, 3) == "XV" and _at(p, 4):
                self.payer_id = _at(p, 4)
        elif _at(p, 1) == "PE" and _at(p, 3) == "XX":
            self.payee = _at(p, 4) or None

    def _CLP(self, index: int, p: list[str]) -> None:  # noqa: N802
        self._close()
        self.claim = RemitClaim(
            claim_id=_at(p, 1),
            status=_at(p, 2),
            charge=amount(_at(p, 3)),
            paid=amount(_at(p, 4)),
            payer_claim_id=_at(p, 7) or None,
            position=segment_position(self.s, index),
            file=self.s.source,
            payer=self.payer,
            payer_id=self.payer_id,
            payee_npi=self.payee,
        )
        self.claims.append(self.claim)

    def _CAS(self, index: int, p: list[str]) -> None:  # noqa: N802
        target = self.line if self.line is not None else self.claim
        if target is None:
            return
        group = _at(p, 1)
        for at in range(2, min(len(p), 20), 3):
            carc = _at(p, at)
            if carc:
                target.adjustments.append(Adjustment(group, carc, amount(_at(p, at + 1))))

    def _NM1(self, index: int, p: list[str]) -> None:  # noqa: N802
        if self.claim is None or self.line is not None:
            return
        qualifier, member = _at(p, 1), _at(p, 9)
        insured = qualifier == "IL"
        if member and (insured or (qualifier == "QC" and self.claim.member_id is None)):
            self.claim.member_id = member

    def _MIA(self, index: int, p: list[str]) -> None:  # noqa: N802
        if self.claim is not None:
            self.claim.remarks.extend(c for n in (5, 20, 21, 22, 23) if (c := _at(p, n)))

    def _MOA(self, index: int, p: list[str]) -> None:  # noqa: N802
        if self.claim is not None:
            self.claim.remarks.extend(c for n in range(3, 8) if (c := _at(p, n)))

    def _DTM(self, index: int, p: list[str]) -> None:  # noqa: N802
        qualifier, when = _at(p, 1), _date(_at(p, 2))
        if self.line is not None:
            if qualifier in {"472", "150"} and self.line.service_date is None:
                self.line.service_date = when
        elif self.claim is not None:
            if qualifier == "232":
                self.claim.start = when
            elif qualifier == "233":
                self.claim.end = when

    def _SVC(self, index: int, p: list[str]) -> None:  # noqa: N802
        if self.claim is None:
            return
        code = _at(p, 1).split(self.sub)
        units = _at(p, 5)
        self.line = RemitLine(
            procedure=code[1].strip() if len(code) > 1 else code[0],
            modifiers=tuple(m.strip() for m in code[2:6] if m.strip()),
            charge=amount(_at(p, 2)),
            paid=amount(_at(p, 3)),
            units=amount(units) if units else Decimal(1),
            service_date=None,
            position=segment_position(self.s, index),
        )
        self.claim.lines.append(self.line)

    def _REF(self, index: int, p: list[str]) -> None:  # noqa: N802
        if self.line is not None and _at(p, 1) == "6R":
            self.line.control = _at(p, 2) or None
        elif self.claim is None and _at(p, 1) == "2U" and _at(p, 2):
            self.payer_id = _at(p, 2)

    def _LQ(self, index: int, p: list[str]) -> None:  # noqa: N802
        if self.line is not None and _at(p, 1) == "HE" and _at(p, 2):
            self.line.remarks.append(_at(p, 2))

    def _LX(self, index: int, p: list[str]) -> None:  # noqa: N802
        self._close()

    def _PLB(self, index: int, p: list[str]) -> None:  # noqa: N802
        self._close()

    def _SE(self, index: int, p: list[str]) -> None:  # noqa: N802
        self._close()


class _Ack277:
    """Builds the claim acknowledgments (2000D/2200D) of one 277CA transaction set."""

    def __init__(self, s: Scan) -> None:
        self.s = s
        self.level = ""
        self.payer_id: str | None = None
        self.provider: str | None = None
        self.acks: list[ClaimAck] = []
        self.current: dict[str, object] | None = None

    def read(self, segments: list[tuple[int, str | None]]) -> list[ClaimAck]:
        for index, _loop in segments:
            p = self.s.elements(index)
            seg = p[0].strip()
            if seg == "HL":
                self._close()
                self.level = _at(p, 3)
            elif seg == "NM1" and _at(p, 1) == "PR" and self.level == "20":
                self.payer_id = _at(p, 9) or None
            elif seg == "NM1" and _at(p, 1) == "85" and self.level == "19":
                self.provider = _at(p, 9) if _at(p, 8) == "XX" else None
            elif seg == "TRN" and _at(p, 1) == "2" and self.level in {"PT", "22"}:
                self._close()
                self.current = {"id": _at(p, 2), "index": index, "stc": [], "billed": None}
            elif self.current is not None and seg == "SVC":
                self._close()  # line statuses (2220D) are not the claim's
            elif self.current is not None and seg == "STC":
                statuses = self.current["stc"]
                assert isinstance(statuses, list)
                statuses.extend(c for n in (1, 10, 11) if (c := _at(p, n)))
                if _at(p, 4):
                    self.current["billed"] = amount(_at(p, 4))
            elif self.current is not None and seg == "REF" and _at(p, 1) == "1K":
                self.current["payer"] = _at(p, 2) or None
            elif seg == "SE":
                self._close()
        self._close()
        return self.acks

    def _close(self) -> None:
        got, self.current = self.current, None
        if got is None:
            return
        index, statuses, billed, payer = got["index"], got["stc"], got["billed"], got.get("payer")
        assert isinstance(index, int) and isinstance(statuses, list)
        self.acks.append(
            ClaimAck(
                claim_id=str(got["id"]),
                statuses=tuple(str(x) for x in statuses),
                billed=billed if isinstance(billed, Decimal) else None,
                payer_claim_id=payer if isinstance(payer, str) else None,
                position=segment_position(self.s, index),
                file=self.s.source,
                payer_id=self.payer_id,
                provider_npi=self.provider,
            )
        )
