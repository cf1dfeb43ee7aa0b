#!/usr/bin/env python3
"""Write the committed spreadsheet fixtures of tests/unit/data/import.

Microsoft CMT's "Export to Excel" (Submissions page) gives an .xlsx whose
first sheet has one row per paper with CMT's column names; older CMT sites
give an XML Spreadsheet 2003 file named .xls.  This script writes both
from the same rows, as CMT lays them out: shared strings, numbers for
'Paper ID', "Name (Organization)*; ..." author lists with '*' on the
primary contact.  Run it from the repository root; only the standard
library is used.
"""
import zipfile
from xml.sax.saxutils import escape

HEADER = ["Paper ID", "Created", "Last Modified", "Paper Title", "Abstract",
          "Primary Contact Author Name", "Primary Contact Author Email", "Authors",
          "Author Names", "Author Emails", "Track Name", "Primary Subject Area",
          "Secondary Subject Areas", "Conflicts", "Domains", "Assigned", "Completed",
          "% Completed", "Bids", "Discussion", "Status", "Requested For Author Feedback",
          "Author Feedback Submitted?", "Requested For Camera Ready", "Camera Ready Submitted?",
          "Requested For Presentation", "Files", "Number of Files", "Supplementary Files",
          "Number of Supplementary Files", "Reviewers", "Reviewer Emails", "MetaReviewers",
          "MetaReviewer Emails", "SeniorMetaReviewers", "SeniorMetaReviewerEmails",
          "Q1 (Presentation preference)", "Poster Board"]

def paper(pid, title, authors, status, track):
    names = "; ".join(n + ("*" if i == 0 else "") for i, (n, o, e) in enumerate(authors))
    full = "; ".join(f"{n} ({o})" + ("*" if i == 0 else "") for i, (n, o, e) in enumerate(authors))
    emails = "; ".join(e + ("*" if i == 0 else "") for i, (n, o, e) in enumerate(authors))
    row = {"Paper ID": pid, "Created": "1/10/2025 8:13:41 AM", "Last Modified": "3/2/2025 11:02:17 PM",
           "Paper Title": title, "Abstract": "An abstract.", "Primary Contact Author Name": authors[0][0],
           "Primary Contact Author Email": authors[0][2], "Authors": full, "Author Names": names,
           "Author Emails": emails, "Track Name": track, "Primary Subject Area": "Security -> Privacy",
           "Secondary Subject Areas": "Machine Learning -> Robustness", "Conflicts": 2, "Domains": "example.org",
           "Assigned": 3, "Completed": 3, "% Completed": "100%", "Bids": 5, "Discussion": 0, "Status": status,
           "Requested For Author Feedback": "No", "Author Feedback Submitted?": "No",
           "Requested For Camera Ready": "Yes" if status.startswith("Accept") else "No",
           "Camera Ready Submitted?": "Yes" if status.startswith("Accept") else "No",
           "Requested For Presentation": "No", "Files": f"paper{pid}.pdf", "Number of Files": 1,
           "Supplementary Files": "", "Number of Supplementary Files": 0, "Reviewers": "R1; R2; R3",
           "Reviewer Emails": "r1@example.org; r2@example.org; r3@example.org", "MetaReviewers": "",
           "MetaReviewer Emails": "", "SeniorMetaReviewers": "", "SeniorMetaReviewerEmails": "",
           "Q1 (Presentation preference)": "Oral", "Poster Board": ""}
    return [row[h] for h in HEADER]

ROWS = [
    paper(4, "Certified Defenses for Speech Models", [("Maria Rossi", "Politecnico di Milano", "m.rossi@example.it"),
          ("Kenji Watanabe", "University of Tokyo", "kenji@example.jp")], "Accept", "Main Track"),
    paper(9, "Poisoning Attacks on Retrieval", [("Zoë Dvořák", "Charles University", "zoe@example.cz"),
          ("Jean-Luc Picard", "Starfleet Academy (San Francisco)", "jlp@example.org")], "Reject", "Main Track"),
    paper(11, "Privacy Budgets in Federated Analytics", [("Ludwig van Beethoven", "Universität Wien", "lvb@example.org"),
          ("Ana García Márquez", "UNAM", "ana@example.mx"), ("Wei Zhang", "Tsinghua University", "wz@example.cn")],
          "Accept", "Short Papers"),
    paper(12, "A Withdrawn Submission", [("X Y", "Z", "xy@example.org")], "Withdrawn", "Main Track"),
    paper(14, "Undecided Work", [("X Y", "Z", "xy@example.org")], "Awaiting Decision", "Main Track"),
]

def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s

def xlsx(path, rows):
    strings, index = [], {}
    def sid(s):
        if s not in index:
            index[s] = len(strings)
            strings.append(s)
        return index[s]
    sheet = ['<?xml version="1.0" encoding="utf-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>']
    for r, row in enumerate([HEADER] + rows, start=1):
        cells = []
        for c, v in enumerate(row):
            ref = f"{col(c)}{r}"
            if v == "":
                continue
            if isinstance(v, int):
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="s"><v>{sid(v)}</v></c>')
        sheet.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    sheet.append("</sheetData></worksheet>")
    sst = ['<?xml version="1.0" encoding="utf-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           f'count="{len(strings)}" uniqueCount="{len(strings)}">']
    sst += [f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings]
    sst.append("</sst>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="R1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="utf-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Papers" sheetId="1" r:id="R5"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="R5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>'
                   '<Relationship Id="R6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", "".join(sheet))
        z.writestr("xl/sharedStrings.xml", "".join(sst))

def xml2003(path, rows):
    out = ['<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office" '
           'xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n'
           ' <Worksheet ss:Name="Papers">\n  <Table>\n']
    for row in [HEADER] + rows:
        out.append("   <Row>\n")
        for v in row:
            t = "Number" if isinstance(v, int) else "String"
            out.append(f'    <Cell><Data ss:Type="{t}">{escape(str(v))}</Data></Cell>\n')
        out.append("   </Row>\n")
    out.append("  </Table>\n </Worksheet>\n</Workbook>\n")
    open(path, "w", encoding="utf-8").write("".join(out))

if __name__ == "__main__":
    xlsx("tests/unit/data/import/cmt-papers.xlsx", ROWS)
    xml2003("tests/unit/data/import/cmt-papers.xls", ROWS)
