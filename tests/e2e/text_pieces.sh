# A page that shows very many pieces of text (a pattern of dots drawn as
# characters, as PSTricks examples are) is not text-extracted, which would
# take poppler minutes: check says so once, with the page, and judges it
# by its rendered ink; the other page's text is read as usual.
. "$(dirname "$0")/lib.sh"

# mkpdf OUT DOTS: a Letter PDF; page 1 shows DOTS dots inside the IEEE
# text block, each its own Tj; page 2 one line of text.
mkpdf() {
  awk -v dots="$2" 'BEGIN {
    # Printed as made (appending to one string would copy it each time).
    off = 0
    head = "%PDF-1.4\n"; printf "%s", head; off += length(head)
    obj[1] = "<< /Type /Catalog /Pages 2 0 R >>"
    obj[2] = "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 612 792]" \
             " /Resources << /Font << /F1 7 0 R >> >> >>"
    obj[3] = "<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>"
    obj[4] = "<< /Type /Page /Parent 2 0 R /Contents 6 0 R >>"
    small = "BT /F1 10 Tf 72 700 Td (Hello world) Tj ET"
    obj[6] = "<< /Length " length(small) " >>\nstream\n" small "\nendstream"
    obj[7] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    for (i = 0; i < dots; i++)
      line[i] = sprintf("1 0 0 1 %d %d Tm (.) Tj\n", 60 + (i * 7) % 480, 80 + int(i / 69) % 600)
    n = length("BT /F1 4 Tf\n") + length("ET")
    for (i = 0; i < dots; i++)
      n += length(line[i])
    for (k = 1; k <= 7; k++) {
      xoff[k] = off
      s = k " 0 obj\n"
      if (k == 5) {
        s = s "<< /Length " n " >>\nstream\nBT /F1 4 Tf\n"
        printf "%s", s; off += length(s)
        for (i = 0; i < dots; i++)
          printf "%s", line[i]
        s = "ET\nendstream\nendobj\n"
        off += n - length("BT /F1 4 Tf\n") - length("ET")
      } else {
        s = s obj[k] "\nendobj\n"
      }
      printf "%s", s; off += length(s)
    }
    printf "xref\n0 8\n0000000000 65535 f \n"
    for (k = 1; k <= 7; k++)
      printf "%010d 00000 n \n", xoff[k]
    printf "trailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", off
  }' > "$1"
}

mkpdf dots.pdf 60000
"$COLLATE" check --style ieee-conference dots.pdf > dots.out 2> dots.err
expect_line dots.out ':1: notice: page 1 shows 60,000 pieces of text; its text was not read, so its margins are judged from the rendered page only \[text_not_read\]$'
expect_no_line dots.out '\[(margin|damaged|unreadable)\]'
"$COLLATE" check --format json --style ieee-conference dots.pdf > dots.json 2> /dev/null
expect_line dots.json '"code": "text_not_read"'
expect_line dots.json '"amount": 60000'

# Not extracted: page 1 has no text box and no first-page text; page 2's
# text is read.
"$COLLATE" inspect dots.pdf > dots.inspect 2> /dev/null
texts=$(grep -E '^ *"text": ' dots.inspect | tr -d ' ,' | head -2 | tr '\n' ' ')
expect_eq "$texts" '"text":null "text":[ ' "text boxes of pages 1 and 2"
expect_line dots.inspect '"first_page_text": null'

# Under the limit: read as usual, no notice.
mkpdf few.pdf 2000
"$COLLATE" check --style ieee-conference few.pdf > few.out 2> few.err
expect_no_line few.out '\[text_not_read\]'
"$COLLATE" inspect few.pdf > few.inspect 2> /dev/null
expect_no_line few.inspect '"first_page_text": null'

finish
