"""Helper of benches/compare.sh: the python-docx-template (docxtpl) side.

  compare_docxtpl.py cases SRC.json DIR N   N copies of a case, the cell name varied
  compare_docxtpl.py template OUT.docx      the KT-01 decision as a docxtpl template
  compare_docxtpl.py render TPL DIR OUT     render every DIR/*.json; print the seconds
  compare_docxtpl.py same-text A.docx B.docx  exit 1 unless both have the same paragraphs

The template is written here with python-docx (nothing binary in the repository). Its
wording is that of hoso's templates/kiem-tra/kt-01-quyet-dinh.hoso, so both tools render the
same decision text; `same-text` checks it. Layout is plain (A4, Times New Roman 14, header
and signature in borderless tables): a fair docxtpl user's template, not a copy of hoso's.
"""

import json
import pathlib
import sys
import time


def cases(src, out, n):
    case = json.loads(pathlib.Path(src).read_text(encoding="utf-8"))
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    name = case["cell"]["name"]
    for i in range(1, n + 1):
        case["cell"]["name"] = f"{name} {i:04d}"
        (out / f"{i:04d}.json").write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")


def template(out):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH as AL
    from docx.shared import Mm, Pt

    d = Document()
    s = d.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    normal = d.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    normal.paragraph_format.space_after = Pt(6)

    def para(where, text, align=AL.JUSTIFY, bold=False, italic=False, label=None):
        p = where.add_paragraph()
        p.alignment = align
        if label:  # a bold lead-in ("Điều 1.") then the text
            p.add_run(label).bold = True
        r = p.add_run(text)
        r.bold, r.italic = bold, italic
        return p

    C = AL.CENTER
    head = d.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.paragraphs[0].text = "{{ superior_upper }}"
    left.paragraphs[0].alignment = C
    para(left, "{{ cell_upper }}", C, bold=True)
    para(left, "*", C)
    para(left, "Số {{ number }}", C)
    right.paragraphs[0].add_run("ĐẢNG CỘNG SẢN VIỆT NAM").bold = True
    right.paragraphs[0].alignment = C
    para(right, "{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}", C, italic=True)

    para(d, "QUYẾT ĐỊNH", C, bold=True)
    para(d, "về việc kiểm tra đối với đồng chí {{ subject }}, đảng viên {{ cell }}", C, bold=True)
    para(d, "{%p for b in bases %}")
    para(d, "{{ b }}", italic=True)
    para(d, "{%p endfor %}")
    para(d, "{{ cell_upper }}", C, bold=True)
    para(d, "QUYẾT ĐỊNH:", C, bold=True)
    para(d, " Kiểm tra đối với đồng chí {{ subject }}, {{ subject_post }}, về {{ contents }}. "
         "Mốc thời gian kiểm tra: từ ngày {{ period_from }} đến ngày {{ period_to }}. "
         "Thời gian kiểm tra: từ ngày {{ start }} đến ngày {{ end }}.", label="Điều 1.")
    para(d, " Thành lập Tổ kiểm tra gồm các đồng chí:", label="Điều 2.")
    para(d, "{%p for m in team %}")
    para(d, "{{ loop.index }}. Đồng chí {{ m.name }}, {{ m.post }}, {{ m.role }}"
         "{% if loop.last %}.{% else %};{% endif %}")
    para(d, "{%p endfor %}")
    para(d, "Tổ kiểm tra có nhiệm vụ xây dựng kế hoạch, tiến hành kiểm tra và báo cáo kết quả "
         "với Chi bộ trước ngày {{ deadline }}. Tổ kiểm tra tự giải thể sau khi hoàn thành nhiệm vụ.")
    para(d, " Tổ kiểm tra, đồng chí có tên tại Điều 1 và các đồng chí đảng viên trong Chi bộ chịu "
         "trách nhiệm thi hành Quyết định này. Quyết định có hiệu lực kể từ ngày ký.",
         label="Điều 3.")

    sig = d.add_table(rows=1, cols=2)
    left, right = sig.rows[0].cells
    left.paragraphs[0].add_run("Nơi nhận:").underline = True
    para(left, "{%p for r in recipients %}")
    para(left, "{{ r }}", AL.LEFT)
    para(left, "{%p endfor %}")
    right.paragraphs[0].add_run("T/M CHI BỘ").bold = True
    right.paragraphs[0].alignment = C
    para(right, "BÍ THƯ", C, bold=True)
    for _ in range(3):
        para(right, "", C)
    para(right, "{{ secretary }}", C, bold=True)
    d.save(out)


def vn_date(iso):
    """03/8/2026: day always two digits, month two digits only for 1 and 2 (36-HD/VPTW)."""
    y, m, d = iso.split("-")
    m = int(m)
    return f"{d}/{m:02d}/{y}" if m <= 2 else f"{d}/{m}/{y}", y, (f"{m:02d}" if m <= 2 else str(m)), d


ROLES = {"to-truong": "Tổ trưởng", "thanh-vien": "Thành viên", "thu-ky": "Thành viên, thư ký"}


def context(case):
    """The decision's fields from a case file, as hoso derives them for KT-01."""
    cell, c, plan = case["cell"], case["case"], case["annual_plan"]
    post = {m["name"]: m["post"] for m in cell["members"]}
    date, year, month, day = vn_date(c["decision"]["date"])
    code = cell["issuer_code"]
    return {
        "superior_upper": cell["superior"].upper(), "cell": cell["name"],
        "cell_upper": cell["name"].upper(), "place": cell["place"],
        "number": f"{c['decision']['number']:02d}-QĐ/{code}",
        "day": day, "month": month, "year": year,
        "subject": c["subject"], "subject_post": post[c["subject"]],
        "bases": [
            "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
            "- Căn cứ Quy định số 296-QĐ/TW, ngày 30/5/2025 của Ban Chấp hành Trung ương về "
            "công tác kiểm tra, giám sát và kỷ luật của Đảng;",
            f"- Căn cứ Kế hoạch số {plan['number']:02d}-KH/{code}, ngày {vn_date(plan['date'])[0]} "
            f"của Chi bộ về kiểm tra, giám sát năm {plan['year']};",
            f"- Xét đề nghị của {c['proposed_by']},",
        ],
        "contents": "; ".join(x["text"] for x in c["contents"]),
        "period_from": vn_date(c["period"]["from"])[0], "period_to": vn_date(c["period"]["to"])[0],
        "start": vn_date(c["start"])[0], "end": vn_date(c["end"])[0],
        "team": [{"name": m["name"], "post": post[m["name"]], "role": ROLES[m["role"]]}
                 for m in c["team"]],
        "deadline": vn_date(c["report_deadline"])[0],
        "recipients": [f"- {cell['inspection_committee']} (để báo cáo),",
                       f"- Đồng chí {c['subject']},", "- Tổ kiểm tra,", "- Lưu Chi bộ."],
        "secretary": next(m["name"] for m in cell["members"] if m.get("cell_post") == "bi-thu"),
    }


def render(tpl, cases_dir, out):
    from docxtpl import DocxTemplate

    files = sorted(pathlib.Path(cases_dir).glob("*.json"))
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for f in files:  # as a docxtpl user would: read the case, load the template, render, save
        doc = DocxTemplate(tpl)  # a DocxTemplate renders once, so it is loaded per document
        doc.render(context(json.loads(f.read_text(encoding="utf-8"))))
        doc.save(out / f"{f.stem}.docx")
    print(f"{time.perf_counter() - t0:.6f}")


def paragraphs(path):
    """Every non-empty paragraph, body and table cells, in document order."""
    from docx import Document
    from docx.oxml.ns import qn

    body = Document(path).element.body
    texts = ("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))
    return [t.strip() for t in texts if t.strip()]


def same_text(a, b):
    pa, pb = paragraphs(a), paragraphs(b)
    for x, y in zip(pa, pb):
        if x != y:
            print(f"differ:\n  {x}\n  {y}", file=sys.stderr)
            return 1
    if len(pa) != len(pb):
        print(f"differ: {len(pa)} vs {len(pb)} paragraphs", file=sys.stderr)
        return 1
    print(f"same text: {len(pa)} paragraphs")
    return 0


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "cases":
        cases(args[0], args[1], int(args[2]))
    elif cmd == "template":
        template(args[0])
    elif cmd == "render":
        render(*args)
    elif cmd == "same-text":
        sys.exit(same_text(*args))
    else:
        sys.exit(f"unknown command {cmd}")
